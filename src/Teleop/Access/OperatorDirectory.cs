using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RobotEdge.Teleop.Access;

/// <summary>
/// The operators allowed to sign in, each with a secret token. Only the SHA-256 of each token is
/// kept; sign-in compares hashes in constant time. Thread-safe (immutable after construction).
/// </summary>
/// <remarks>
/// File format (<c>--operators FILE</c>): <c>{ "operators": [ { "name": "alice", "tokenSha256": "hex" } ] }</c>;
/// <c>"token"</c> (plain) is accepted instead of <c>"tokenSha256"</c> for local setups.
/// </remarks>
public sealed class OperatorDirectory
{
    private readonly Dictionary<string, byte[]> _hashes;

    /// <summary>Creates a directory from operator names and plain tokens.</summary>
    /// <exception cref="ArgumentException">A name or token is empty, or a name repeats.</exception>
    public static OperatorDirectory FromTokens(IEnumerable<(string Name, string Token)> operators) =>
        new(operators.Select(o => (o.Name, Hash(o.Token))));

    private OperatorDirectory(IEnumerable<(string Name, byte[] Hash)> operators)
    {
        _hashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach ((string name, byte[] hash) in operators)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("an operator needs a name");
            }

            if (!_hashes.TryAdd(name, hash))
            {
                throw new ArgumentException($"operator '{name}' is listed twice");
            }
        }

        if (_hashes.Count == 0)
        {
            throw new ArgumentException("at least one operator must be configured");
        }
    }

    /// <summary>Operator names.</summary>
    public IReadOnlyCollection<string> Names => _hashes.Keys;

    /// <summary>Whether <paramref name="token"/> is <paramref name="name"/>'s token.</summary>
    public bool Verify(string? name, string? token)
    {
        if (name is null || token is null || !_hashes.TryGetValue(name, out byte[]? expected))
        {
            // Same work either way, so timing does not tell whether a name exists.
            CryptographicOperations.FixedTimeEquals(Hash(token ?? ""), new byte[32]);
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(token), expected);
    }

    /// <summary>Loads the operator file (format in the remarks); errors name the file and the entry.</summary>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    public static OperatorDirectory Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no operator file at {path}", path);
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            var list = new List<(string, byte[])>();
            int index = 0;
            foreach (JsonElement op in doc.RootElement.GetProperty("operators").EnumerateArray())
            {
                string name = op.GetProperty("name").GetString() ?? "";
                byte[] hash;
                if (op.TryGetProperty("tokenSha256", out JsonElement hex))
                {
                    hash = Convert.FromHexString(hex.GetString() ?? "");
                    if (hash.Length != 32)
                    {
                        throw new InvalidDataException($"{path}: operators[{index}].tokenSha256 must be 64 hex digits");
                    }
                }
                else if (op.TryGetProperty("token", out JsonElement plain) && !string.IsNullOrEmpty(plain.GetString()))
                {
                    hash = Hash(plain.GetString()!);
                }
                else
                {
                    throw new InvalidDataException($"{path}: operators[{index}] needs tokenSha256 or token");
                }

                list.Add((name, hash));
                index++;
            }

            return new OperatorDirectory(list);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: {e.Message} (expected {{\"operators\": [{{\"name\": ..., \"tokenSha256\": ...}}]}})", e);
        }
    }

    /// <summary>SHA-256 of the token's UTF-8 bytes.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>A fresh random token (32 hex digits) for a one-off local operator.</summary>
    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
