using RobotEdge.Teleop.Access;

namespace RobotEdge.Host.Commands;

/// <summary>Who may sign in to the operator console of <c>robotedge sim --console</c> and <c>robotedge run --console</c>.</summary>
public static class ConsoleOperators
{
    /// <summary>The console's operators from <paramref name="operatorsPath"/>, or one operator 'operator' with a fresh token, printed.</summary>
    public static OperatorDirectory Load(string? operatorsPath)
    {
        if (operatorsPath is not null)
        {
            return OperatorDirectory.Load(operatorsPath);
        }

        string token = OperatorDirectory.NewToken();
        Console.WriteLine($"console sign-in: operator 'operator', token {token} (valid for this run; --operators FILE for named operators)");
        return OperatorDirectory.FromTokens([("operator", token)]);
    }
}
