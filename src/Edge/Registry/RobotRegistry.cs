using System.Security.Cryptography;
using System.Text;

namespace RobotEdge.Edge.Registry;

/// <summary>
/// The robots allowed on the site and their tokens. Tokens are compared as SHA-256 digests with
/// <see cref="CryptographicOperations.FixedTimeEquals"/> against every entry, so the time taken
/// says nothing about which robot (if any) a guess came close to. Thread-safe.
/// </summary>
public sealed class RobotRegistry
{
    private readonly RobotEntry[] _entries;
    private readonly Lock _gate = new();

    /// <summary>Builds the registry from a site file's robots.</summary>
    public RobotRegistry(IReadOnlyList<RobotEntryConfig> robots)
    {
        _entries = new RobotEntry[robots.Count];
        for (int i = 0; i < robots.Count; i++)
        {
            _entries[i] = new RobotEntry(i, robots[i].Id, Hash(robots[i].Token), robots[i].Revoked);
        }
    }

    /// <summary>Every robot, in site-file order.</summary>
    public IReadOnlyList<RobotEntry> Entries => _entries;

    /// <summary>Checks a bearer token; <paramref name="robot"/> is set when it is accepted.</summary>
    public AuthenticationResult Authenticate(string? token, out RobotEntry? robot)
    {
        robot = null;
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticationResult.Missing;
        }

        byte[] hash = Hash(token);
        RobotEntry? match = null;
        foreach (RobotEntry entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, entry.TokenHash))
            {
                match = entry;
            }
        }

        if (match is null)
        {
            return AuthenticationResult.Unknown;
        }

        lock (_gate)
        {
            if (match.Revoked)
            {
                return AuthenticationResult.Revoked;
            }
        }

        robot = match;
        return AuthenticationResult.Accepted;
    }

    /// <summary>Revokes a robot's token; returns false for an unknown id. The server also drops its connection.</summary>
    public bool Revoke(string robotId)
    {
        lock (_gate)
        {
            foreach (RobotEntry entry in _entries)
            {
                if (entry.Id == robotId)
                {
                    entry.Revoked = true;
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="robot"/> is still allowed.</summary>
    public bool IsRevoked(RobotEntry robot)
    {
        lock (_gate)
        {
            return robot.Revoked;
        }
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
