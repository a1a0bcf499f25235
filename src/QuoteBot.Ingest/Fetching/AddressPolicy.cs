using System.Net;
using System.Net.Sockets;

namespace QuoteBot.Ingest.Fetching;

/// <summary>
/// Which addresses a link may reach: public unicast only. Loopback, private, link-local (cloud metadata), CGNAT,
/// multicast, broadcast, unspecified and reserved ranges are refused, in IPv4, IPv6 and the IPv6 forms that embed an
/// IPv4 address (mapped, compatible, NAT64, 6to4).
/// </summary>
public static class AddressPolicy
{
    /// <summary>Why <paramref name="address"/> may not be reached, or null when it is a public address.</summary>
    public static string? WhyRefused(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return WhyRefusedV4(address.MapToIPv4().GetAddressBytes());
            }

            return WhyRefusedV6(address.GetAddressBytes());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return WhyRefusedV4(address.GetAddressBytes());
        }

        return "not an IP address";
    }

    private static string? WhyRefusedV4(byte[] b)
    {
        return b[0] switch
        {
            0 => "unspecified (0.0.0.0/8)",
            10 => "private (10.0.0.0/8)",
            127 => "loopback (127.0.0.0/8)",
            100 when (b[1] & 0xC0) == 64 => "carrier-grade NAT (100.64.0.0/10)",
            169 when b[1] == 254 => "link-local (169.254.0.0/16, cloud metadata)",
            172 when (b[1] & 0xF0) == 16 => "private (172.16.0.0/12)",
            192 when b[1] == 168 => "private (192.168.0.0/16)",
            192 when b[1] == 0 && b[2] == 0 => "reserved (192.0.0.0/24)",
            198 when (b[1] & 0xFE) == 18 => "reserved (198.18.0.0/15)",
            >= 224 and <= 239 => "multicast (224.0.0.0/4)",
            >= 240 => "reserved or broadcast (240.0.0.0/4)",
            _ => null,
        };
    }

    private static string? WhyRefusedV6(byte[] b)
    {
        var firstTen = b.AsSpan(0, 10);
        var zeroPrefix = !firstTen.ContainsAnyExcept((byte)0);
        if (zeroPrefix && b[10] == 0 && b[11] == 0)
        {
            var last = b.AsSpan(12, 4);
            if (!last.ContainsAnyExcept((byte)0))
            {
                return "unspecified (::)";
            }

            if (last[0] == 0 && last[1] == 0 && last[2] == 0 && last[3] == 1)
            {
                return "loopback (::1)";
            }

            // IPv4-compatible (::a.b.c.d, deprecated): judged by the IPv4 address inside.
            return WhyRefusedV4(b[12..16]) ?? "reserved (IPv4-compatible ::/96)";
        }

        if (b[0] == 0xFF)
        {
            return "multicast (ff00::/8)";
        }

        if ((b[0] & 0xFE) == 0xFC)
        {
            return "unique-local (fc00::/7)";
        }

        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
        {
            return "link-local (fe80::/10)";
        }

        if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
        {
            return "site-local (fec0::/10)";
        }

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that decides.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && !b.AsSpan(4, 8).ContainsAnyExcept((byte)0))
        {
            return WhyRefusedV4(b[12..16]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return WhyRefusedV4(b[2..6]);
        }

        // Documentation (2001:db8::/32) and discard (100::/64) prefixes never route anywhere real.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
        {
            return "reserved (2001:db8::/32)";
        }

        return null;
    }
}

/// <summary>A connection was refused because every address of the host is local or private.</summary>
public sealed class BlockedAddressException : Exception
{
    public BlockedAddressException(string host, IPAddress address, string why)
        : base((host == address.ToString() ? $"{host} is a {why} address" : $"{host} resolves to {address}, a {why} address")
            + "; links may not reach local or private networks (set Ingest__AllowPrivateNetworks=true to allow them)")
    {
        Host = host;
        Address = address;
    }

    public BlockedAddressException()
    {
        Host = string.Empty;
        Address = IPAddress.None;
    }

    public BlockedAddressException(string message)
        : base(message)
    {
        Host = string.Empty;
        Address = IPAddress.None;
    }

    public BlockedAddressException(string message, Exception inner)
        : base(message, inner)
    {
        Host = string.Empty;
        Address = IPAddress.None;
    }

    public string Host { get; }

    public IPAddress Address { get; }
}
