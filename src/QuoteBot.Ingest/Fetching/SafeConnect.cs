using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace QuoteBot.Ingest.Fetching;

/// <summary>
/// The <see cref="SocketsHttpHandler"/> of every ingest request. Its <see cref="SocketsHttpHandler.ConnectCallback"/>
/// resolves the host itself and connects only to addresses <see cref="AddressPolicy"/> allows, then checks the address
/// actually connected to: a redirect to a local address, or a host name whose DNS answer changes between checks
/// (rebinding), cannot reach the operator's network. No proxy is used (it would hide the real destination).
/// </summary>
public static class SafeConnect
{
    public static SocketsHttpHandler CreateHandler(IngestOptions options) => CreateHandler(options, AddressPolicy.WhyRefused);

    /// <summary>The same handler with another address rule (tests: a loopback address that plays a public one).</summary>
    internal static SocketsHttpHandler CreateHandler(IngestOptions options, Func<IPAddress, string?> policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        var allowPrivate = options.AllowPrivateNetworks;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.TimeLimit,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate, policy, ct),
        };
    }

    /// <summary>Resolves, filters and connects; throws <see cref="BlockedAddressException"/> when nothing may be reached.</summary>
    public static ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, CancellationToken ct) =>
        ConnectAsync(endPoint, allowPrivate, AddressPolicy.WhyRefused, ct);

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, Func<IPAddress, string?> policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var host = endPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var allowed = allowPrivate ? addresses : addresses.Where(a => policy(a) is null).ToArray();
        if (allowed.Length == 0)
        {
            throw new BlockedAddressException(host, addresses[0], policy(addresses[0]) ?? "local");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, ct).ConfigureAwait(false);
            if (!allowPrivate && socket.RemoteEndPoint is IPEndPoint remote)
            {
                var actual = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
                if (policy(actual) is { } why)
                {
                    throw new BlockedAddressException(host, actual, why);
                }
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
