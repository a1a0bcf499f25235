using System.Net.Sockets;
using Npgsql;
using QuoteBot.Core.Storage;

namespace QuoteBot.Storage.Postgres;

/// <summary>
/// The PostgreSQL quote database cannot be used: unreachable, wrong password, missing database, bad connection string.
/// <see cref="Exception.Message"/> is one line naming host, port and database (never the password), fit to print.
/// </summary>
public sealed class PostgresStoreException : QuoteStoreException
{
    public PostgresStoreException()
    {
    }

    public PostgresStoreException(string message)
        : base(message)
    {
    }

    public PostgresStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A one-line description of <paramref name="ex"/> for the database <paramref name="where"/> ("host:port/db").</summary>
    internal static PostgresStoreException From(string where, Exception ex)
    {
        var reason = ex switch
        {
            PostgresException p => p.SqlState switch
            {
                "28P01" or "28000" => "the user name or password was refused",
                "3D000" => "the database does not exist",
                "42501" => "permission denied (" + OneLine(p.MessageText) + ")",
                "53300" => "the server has too many connections",
                "57P03" or "57P01" => "the server is starting up or shutting down",
                "53100" => "the server's disk is full",
                _ => "PostgreSQL error " + p.SqlState + ": " + OneLine(p.MessageText),
            },
            NpgsqlException { InnerException: SocketException s } => "cannot connect (" + OneLine(s.Message) + ")",
            NpgsqlException { InnerException: TimeoutException } => "the connection timed out",
            NpgsqlException { InnerException: IOException io } => "the connection failed (" + OneLine(io.Message) + ")",
            NpgsqlException n => OneLine(n.Message),
            TimeoutException => "the connection timed out",
            _ => OneLine(ex.Message),
        };
        return new PostgresStoreException($"Cannot use the PostgreSQL quote database {where}: {reason}.", ex);
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
