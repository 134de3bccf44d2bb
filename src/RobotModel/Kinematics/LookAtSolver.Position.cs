using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Kinematics;

/// <summary>Position: moving the tip frame's origin onto a target (reaching).</summary>
public sealed partial class LookAtSolver
{
    /// <summary>Distance below which a position solve stops iterating, metres (well inside <see cref="PositionToleranceM"/>).</summary>
    private const double ConvergedPositionM = 1e-10;

    /// <summary>
    /// Finds joint positions that put the tip frame's origin at <paramref name="targetInBase"/>; the tip's
    /// orientation is free. Real-time safe (no allocation, no blocking); not thread-safe.
    /// </summary>
    /// <remarks>
    /// Each step solves the 3×3 damped normal equations <c>(J·Jᵀ + λI) y = p − o</c> (Cholesky) and moves
    /// <c>Δq = Jᵀ·y</c>, J being the positional part of the tip's geometric Jacobian.
    /// </remarks>
    /// <param name="targetInBase">Point to reach, base frame, metres.</param>
    /// <param name="seed">Start configuration (at least DofCount entries); clamped into the limits first.</param>
    /// <param name="solution">Receives the best configuration found, within the limits (first DofCount entries).</param>
    /// <param name="residualM">Distance from the tip origin to the target at <paramref name="solution"/>, metres.</param>
    /// <returns>true when <paramref name="residualM"/> is at most <see cref="PositionToleranceM"/>; false when the
    /// target is out of reach within the limits or the iteration budget (the solution is then the best found).</returns>
    public bool TrySolvePosition(Vec3d targetInBase, ReadOnlySpan<double> seed, Span<double> solution, out double residualM)
    {
        RequireLengths(seed, solution);
        seed[.._q.Length].CopyTo(_q);
        _chain.ClampToLimits(_q);
        double distanceM = RunPosition(targetInBase);
        if (distanceM > PositionToleranceM)
        {
            _q.CopyTo(_best, 0);
            for (int restart = 0; restart < RestartCount && distanceM > PositionToleranceM; restart++)
            {
                StartFromRestart(restart, seed);
                double retryM = RunPosition(targetInBase);
                if (retryM < distanceM)
                {
                    distanceM = retryM;
                    _q.CopyTo(_best, 0);
                }
            }

            _best.CopyTo(_q, 0);
        }

        _q.AsSpan().CopyTo(solution);
        residualM = distanceM;
        return distanceM <= PositionToleranceM;
    }

    /// <summary>Runs Levenberg–Marquardt from <see cref="_q"/>, leaving the best iterate there.</summary>
    /// <returns>The distance from tip origin to target at the final <see cref="_q"/>, metres.</returns>
    private double RunPosition(Vec3d target)
    {
        Vec3d error = EvaluatePosition(_q, target, _jacobian);
        double distanceM = error.Length;
        double lambda = _initialDamping;
        for (int iteration = 0; iteration < _maxIterations && distanceM > ConvergedPositionM; iteration++)
        {
            if (!ComputePositionStep(error, lambda))
            {
                break;
            }

            if (MakeTrial())
            {
                Vec3d trialError = EvaluatePosition(_trial, target, _trialJacobian);
                double trialDistanceM = trialError.Length;
                if (trialDistanceM < distanceM)
                {
                    AcceptTrial();
                    error = trialError;
                    distanceM = trialDistanceM;
                    lambda = Math.Max(lambda * 0.1, _minDamping);
                    continue;
                }
            }

            lambda *= 10;
            if (lambda > GiveUpDamping)
            {
                break;
            }
        }

        return distanceM;
    }

    /// <summary>Evaluates the position error (target − tip origin, base frame, metres) at <paramref name="q"/> and its Jacobian.</summary>
    /// <remarks>Internal so that tests can check the Jacobian against finite differences; uses the scratch arrays.</remarks>
    internal Vec3d EvaluatePosition(ReadOnlySpan<double> q, Vec3d target, Span<Vec3d> jacobian)
    {
        _chain.ComputeJointFrames(q, _axes, _origins, out Transform3d tip);
        for (int i = 0; i < _axes.Length; i++)
        {
            jacobian[i] = _isPrismatic[i] ? _axes[i] : _axes[i].Cross(tip.Translation - _origins[i]);
        }

        return target - tip.Translation;
    }

    /// <summary>
    /// Fills <see cref="_step"/> from the 3×3 damped normal equations over the joints free to move.
    /// </summary>
    /// <returns>false when every joint is held at a limit: no step can reduce the error.</returns>
    private bool ComputePositionStep(Vec3d error, double lambda)
    {
        for (int i = 0; i < _q.Length; i++)
        {
            _descent[i] = _jacobian[i].Dot(error);
        }

        if (!FreezeJointsPushedOutward(_descent))
        {
            return false;
        }

        double a00 = lambda, a01 = 0, a02 = 0, a11 = lambda, a12 = 0, a22 = lambda;
        for (int i = 0; i < _q.Length; i++)
        {
            if (!_frozen[i])
            {
                Vec3d c = _jacobian[i];
                a00 += c.X * c.X;
                a01 += c.X * c.Y;
                a02 += c.X * c.Z;
                a11 += c.Y * c.Y;
                a12 += c.Y * c.Z;
                a22 += c.Z * c.Z;
            }
        }

        Vec3d y = SolveSymmetricPositiveDefinite(a00, a01, a02, a11, a12, a22, error);
        for (int i = 0; i < _q.Length; i++)
        {
            _step[i] = _frozen[i] ? 0 : _jacobian[i].Dot(y);
        }

        return true;
    }

    /// <summary>Solves A·y = b for symmetric positive definite A (upper triangle given) by Cholesky factorisation.</summary>
    private static Vec3d SolveSymmetricPositiveDefinite(double a00, double a01, double a02, double a11, double a12, double a22, Vec3d b)
    {
        double l00 = Math.Sqrt(a00);
        double l10 = a01 / l00;
        double l20 = a02 / l00;
        double l11 = Math.Sqrt(a11 - (l10 * l10));
        double l21 = (a12 - (l20 * l10)) / l11;
        double l22 = Math.Sqrt(a22 - (l20 * l20) - (l21 * l21));

        double z0 = b.X / l00;
        double z1 = (b.Y - (l10 * z0)) / l11;
        double z2 = (b.Z - (l20 * z0) - (l21 * z1)) / l22;

        double y2 = z2 / l22;
        double y1 = (z1 - (l21 * y2)) / l11;
        double y0 = (z0 - (l10 * y1) - (l20 * y2)) / l00;
        return new Vec3d(y0, y1, y2);
    }
}
