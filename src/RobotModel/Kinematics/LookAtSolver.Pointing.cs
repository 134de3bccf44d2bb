using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Kinematics;

/// <summary>Pointing: aiming the optical axis (+Z of the tip frame) at a target.</summary>
public sealed partial class LookAtSolver
{
    /// <summary>Angle below which a pointing solve stops iterating, radians (well inside <see cref="AngleToleranceRad"/>).</summary>
    private const double ConvergedAngleRad = 1e-10;

    /// <summary>
    /// Below this sideways component the target direction counts as exactly on the optical axis
    /// (ahead or behind), where the error direction is undefined.
    /// </summary>
    private const double OnAxisSideways = 1e-12;

    /// <summary>
    /// Finds joint positions that point the optical axis at <paramref name="targetInBase"/>.
    /// Real-time safe (no allocation, no blocking); not thread-safe.
    /// </summary>
    /// <remarks>
    /// The error is the target direction u in the tip frame mapped to the optical axis's tangent plane
    /// by the logarithm of the sphere: <c>e = θ · (uₓ, u_y) / |(uₓ, u_y)|</c>, whose length is exactly the
    /// angle θ between optical axis and target, well defined up to θ = π. Each step solves the 2×2
    /// damped normal equations <c>(J·Jᵀ + λI) y = −e</c> and moves <c>Δq = Jᵀ·y</c>.
    /// </remarks>
    /// <param name="targetInBase">Point to look at, base frame, metres.</param>
    /// <param name="seed">Start configuration (at least DofCount entries); clamped into the limits first.</param>
    /// <param name="solution">Receives the best configuration found, within the limits (first DofCount entries).</param>
    /// <param name="residualRad">Angle between the optical axis and the direction to the target at <paramref name="solution"/>;
    /// π when the target coincides with the optical centre of that configuration.</param>
    /// <returns>true when <paramref name="residualRad"/> is at most <see cref="AngleToleranceRad"/>; false when the
    /// target cannot be pointed at within the limits or the iteration budget (the solution is then the best found).</returns>
    public bool TrySolve(Vec3d targetInBase, ReadOnlySpan<double> seed, Span<double> solution, out double residualRad)
    {
        RequireLengths(seed, solution);
        seed[.._q.Length].CopyTo(_q);
        _chain.ClampToLimits(_q);
        double angleRad = RunPointing(targetInBase);
        if (angleRad > AngleToleranceRad)
        {
            _q.CopyTo(_best, 0);
            for (int restart = 0; restart < RestartCount && angleRad > AngleToleranceRad; restart++)
            {
                StartFromRestart(restart, seed);
                double retryRad = RunPointing(targetInBase);
                if (retryRad < angleRad)
                {
                    angleRad = retryRad;
                    _q.CopyTo(_best, 0);
                }
            }

            _best.CopyTo(_q, 0);
        }

        _q.AsSpan().CopyTo(solution);
        residualRad = angleRad;
        return angleRad <= AngleToleranceRad;
    }

    /// <summary>Runs Levenberg–Marquardt from <see cref="_q"/>, leaving the best iterate there.</summary>
    /// <returns>The pointing error at the final <see cref="_q"/>, radians.</returns>
    private double RunPointing(Vec3d target)
    {
        double angleRad = EvaluatePointing(_q, target, _jacobian, out double errorX, out double errorY);
        double lambda = _initialDamping;
        for (int iteration = 0; iteration < _maxIterations && angleRad > ConvergedAngleRad; iteration++)
        {
            if (!ComputePointingStep(errorX, errorY, lambda))
            {
                break;
            }

            if (MakeTrial())
            {
                double trialAngleRad = EvaluatePointing(_trial, target, _trialJacobian, out double trialX, out double trialY);
                if (trialAngleRad < angleRad)
                {
                    AcceptTrial();
                    angleRad = trialAngleRad;
                    errorX = trialX;
                    errorY = trialY;
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

        return angleRad;
    }

    /// <summary>
    /// Evaluates the pointing error at <paramref name="q"/> and its Jacobian (X and Y of each column).
    /// </summary>
    /// <remarks>Internal so that tests can check the Jacobian against finite differences; uses the scratch arrays.</remarks>
    /// <returns>The angle between the optical axis and the target direction, radians.</returns>
    internal double EvaluatePointing(ReadOnlySpan<double> q, Vec3d target, Span<Vec3d> jacobian, out double errorX, out double errorY)
    {
        _chain.ComputeJointFrames(q, _axes, _origins, out Transform3d tip);
        Vec3d toTargetInBase = target - tip.Translation;
        Vec3d v = tip.Rotation.TransformTransposed(toTargetInBase);
        double distanceM = v.Length;
        if (distanceM == 0)
        {
            errorX = Math.PI;
            errorY = 0;
            jacobian.Clear();
            return Math.PI;
        }

        Vec3d u = v / distanceM;
        double sideways = Math.Sqrt((u.X * u.X) + (u.Y * u.Y));
        double angleRad = Math.Atan2(sideways, u.Z);

        // Rows of G = ∂e/∂u for tangent du (u·du = 0). With k = θ/s and c = (u_z·s − θ)/s³:
        // ∂eₓ = (k + c·uₓ²) duₓ + c·uₓu_y du_y − uₓ du_z, and symmetrically for e_y.
        Vec3d gX, gY;
        if (sideways < OnAxisSideways && u.Z < 0)
        {
            // Exactly behind: any sideways direction is as good; choose +X, and let only that row steer.
            errorX = angleRad;
            errorY = 0;
            gX = new Vec3d(u.Z, 0, -sideways);
            gY = Vec3d.Zero;
        }
        else
        {
            double k, c;
            if (sideways < 1e-4 && u.Z > 0)
            {
                // Series near the axis (θ → 0): k → 1, c → −2/3; the direct formula would cancel.
                k = sideways > 0 ? angleRad / sideways : 1;
                c = -2.0 / 3.0;
            }
            else
            {
                k = angleRad / sideways;
                c = ((u.Z * sideways) - angleRad) / (sideways * sideways * sideways);
            }

            errorX = k * u.X;
            errorY = k * u.Y;
            gX = new Vec3d(k + (c * u.X * u.X), c * u.X * u.Y, -u.X);
            gY = new Vec3d(c * u.X * u.Y, k + (c * u.Y * u.Y), -u.Y);
        }

        for (int i = 0; i < _axes.Length; i++)
        {
            // v = Rᵀ(p − o) for tip rotation R and origin o. A rotating joint about axis a through p_i
            // gives ∂v = −Rᵀ(a × (p − p_i)); a prismatic joint gives ∂v = −Rᵀa.
            Vec3d motion = _isPrismatic[i] ? _axes[i] : _axes[i].Cross(target - _origins[i]);
            Vec3d dv = -tip.Rotation.TransformTransposed(motion);
            Vec3d du = (dv - (u * u.Dot(dv))) / distanceM;
            jacobian[i] = new Vec3d(gX.Dot(du), gY.Dot(du), 0);
        }

        return angleRad;
    }

    /// <summary>
    /// Fills <see cref="_step"/> from the 2×2 damped normal equations over the joints free to move.
    /// </summary>
    /// <returns>false when every joint is held at a limit: no step can reduce the error.</returns>
    private bool ComputePointingStep(double errorX, double errorY, double lambda)
    {
        for (int i = 0; i < _q.Length; i++)
        {
            _descent[i] = -((_jacobian[i].X * errorX) + (_jacobian[i].Y * errorY));
        }

        if (!FreezeJointsPushedOutward(_descent))
        {
            return false;
        }

        double a00 = lambda, a01 = 0, a11 = lambda;
        for (int i = 0; i < _q.Length; i++)
        {
            if (!_frozen[i])
            {
                Vec3d column = _jacobian[i];
                a00 += column.X * column.X;
                a01 += column.X * column.Y;
                a11 += column.Y * column.Y;
            }
        }

        // y = (J·Jᵀ + λI)⁻¹ (−e) by the 2×2 inverse; the matrix is positive definite since λ > 0.
        double determinant = (a00 * a11) - (a01 * a01);
        double y0 = ((a01 * errorY) - (a11 * errorX)) / determinant;
        double y1 = ((a01 * errorX) - (a00 * errorY)) / determinant;
        for (int i = 0; i < _q.Length; i++)
        {
            _step[i] = _frozen[i] ? 0 : (_jacobian[i].X * y0) + (_jacobian[i].Y * y1);
        }

        return true;
    }
}
