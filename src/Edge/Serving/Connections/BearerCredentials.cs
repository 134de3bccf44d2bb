using RobotEdge.Edge.Registry;

namespace RobotEdge.Edge.Serving.Connections;

/// <summary>
/// The robot's side of HTTP authentication on the upgrade request: the bearer token of an
/// <c>Authorization</c> header (RFC 6750 §2.1) and the <c>WWW-Authenticate</c> challenge every 401
/// carries (RFC 9110 §11.6.1, RFC 6750 §3).
/// </summary>
internal static class BearerCredentials
{
    /// <summary>The protection space named in the challenges.</summary>
    public const string Realm = "robotedge";

    /// <summary>
    /// The token of an <c>Authorization: Bearer &lt;token&gt;</c> header, or null when there is no
    /// header, another scheme, or no token. The scheme is matched case-insensitively, as every HTTP
    /// authentication scheme is (RFC 9110 §11.1): <c>bearer</c> and <c>BEARER</c> are the same.
    /// </summary>
    public static string? TokenOf(string? header)
    {
        ReadOnlySpan<char> value = header.AsSpan().Trim();
        int space = value.IndexOfAny(' ', '\t');
        if (space <= 0 || !value[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        ReadOnlySpan<char> token = value[(space + 1)..].Trim();
        return token.IsEmpty ? null : token.ToString();
    }

    /// <summary>
    /// The <c>WWW-Authenticate</c> value for a refused upgrade: without an error code when the
    /// request carried no bearer token (RFC 6750 §3.1 asks so), <c>invalid_token</c> otherwise. The
    /// description never says whether a token was unknown or revoked: the robot learns "refused" only.
    /// </summary>
    public static string Challenge(AuthenticationResult result) => result == AuthenticationResult.Missing
        ? $"Bearer realm=\"{Realm}\""
        : $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"the token is not valid on this site\"";
}
