using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// Sutton's acrobot with Gymnasium's equations (Acrobot-v1, the book's dynamics): two links of length 1 and mass 1,
/// centres of mass at 0.5, moments of inertia 1, g = 9.8, one RK4 step of 0.2 s per action with torque −1, 0 or +1
/// (actions 0, 1, 2) on the joint between the links. Angles are wrapped to [−π, π], speeds clipped to 4π and 9π.
/// Observation <c>[cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂]</c> (float32); reward −1 per step and 0 on the step that
/// terminates, which happens when the tip rises above the bar: <c>−cos θ₁ − cos(θ₁ + θ₂) &gt; 1</c>. Reset draws each
/// state component from U(−0.1, 0.1), rounded to float32 as Gymnasium does.
/// </summary>
public sealed class Acrobot : Env<float[], int>
{
    /// <summary>Seconds per action (one RK4 step).</summary>
    public const double Dt = 0.2;
    /// <summary>Speed limit of the first joint.</summary>
    public const double MaxVel1 = 4 * Math.PI;
    /// <summary>Speed limit of the second joint.</summary>
    public const double MaxVel2 = 9 * Math.PI;

    private const double M1 = 1, M2 = 1, L1 = 1, Lc1 = 0.5, Lc2 = 0.5, I1 = 1, I2 = 1, G = 9.8;

    private readonly Box _observationSpace = new(
        [-1f, -1f, -1f, -1f, (float)-MaxVel1, (float)-MaxVel2],
        [1f, 1f, 1f, 1f, (float)MaxVel1, (float)MaxVel2]);
    private readonly Discrete _actionSpace = new(3);
    private readonly double[] _s = new double[4];
    private bool _started;

    /// <inheritdoc />
    public override Space<float[]> ObservationSpace => _observationSpace;

    /// <inheritdoc />
    public override Space<int> ActionSpace => _actionSpace;

    /// <summary>The state <c>[θ₁, θ₂, θ̇₁, θ̇₂]</c> in double (a copy); setting it starts an episode from there.</summary>
    public double[] State
    {
        get => (double[])_s.Clone();
        set
        {
            if (value is not { Length: 4 })
                throw new ArgumentException($"Acrobot.State: expected 4 values, got {value?.Length.ToString() ?? "null"}.");
            value.CopyTo(_s, 0);
            _started = true;
        }
    }

    /// <inheritdoc />
    public override ResetResult<float[]> Reset(long? seed = null)
    {
        Reseed(seed);
        for (int i = 0; i < 4; i++) _s[i] = (float)(-0.1 + 0.2 * Rng.NextDouble());
        _started = true;
        return new(Observe(), EnvInfo.Empty);
    }

    /// <inheritdoc />
    public override StepResult<float[]> Step(int action)
    {
        CheckAction(action, "Acrobot");
        if (!_started) throw StepBeforeReset("Acrobot");
        double torque = action - 1;
        Span<double> k1 = stackalloc double[4], k2 = stackalloc double[4], k3 = stackalloc double[4], k4 = stackalloc double[4], y = stackalloc double[4];
        Derivatives(_s, torque, k1);
        for (int i = 0; i < 4; i++) y[i] = _s[i] + Dt / 2 * k1[i];
        Derivatives(y, torque, k2);
        for (int i = 0; i < 4; i++) y[i] = _s[i] + Dt / 2 * k2[i];
        Derivatives(y, torque, k3);
        for (int i = 0; i < 4; i++) y[i] = _s[i] + Dt * k3[i];
        Derivatives(y, torque, k4);
        for (int i = 0; i < 4; i++) _s[i] += Dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        _s[0] = Wrap(_s[0]);
        _s[1] = Wrap(_s[1]);
        _s[2] = Math.Clamp(_s[2], -MaxVel1, MaxVel1);
        _s[3] = Math.Clamp(_s[3], -MaxVel2, MaxVel2);
        bool terminated = TipHeight > 1.0;
        return new(Observe(), terminated ? 0.0 : -1.0, terminated, false, EnvInfo.Empty);
    }

    /// <summary>The tip's height above the pivot in link lengths, <c>−cos θ₁ − cos(θ₁ + θ₂)</c> (−2 hanging, 2 upright).</summary>
    public double TipHeight => -Math.Cos(_s[0]) - Math.Cos(_s[1] + _s[0]);

    /// <summary>The angles, speeds and tip height; the goal is a tip height above 1.</summary>
    public override string Render()
    {
        if (!_started) throw new InvalidOperationException("Acrobot: call Reset before Render.");
        return FormattableString.Invariant(
            $"theta1={_s[0],8:F4} theta2={_s[1],8:F4} dtheta1={_s[2],8:F4} dtheta2={_s[3],8:F4} tip={TipHeight,7:F4} (goal > 1)");
    }

    private static void Derivatives(ReadOnlySpan<double> s, double a, Span<double> ds)
    {
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double d1 = M1 * Lc1 * Lc1 + M2 * (L1 * L1 + Lc2 * Lc2 + 2 * L1 * Lc2 * Math.Cos(theta2)) + I1 + I2;
        double d2 = M2 * (Lc2 * Lc2 + L1 * Lc2 * Math.Cos(theta2)) + I2;
        double phi2 = M2 * Lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -M2 * L1 * Lc2 * dtheta2 * dtheta2 * Math.Sin(theta2)
                      - 2 * M2 * L1 * Lc2 * dtheta2 * dtheta1 * Math.Sin(theta2)
                      + (M1 * Lc1 + M2 * L1) * G * Math.Cos(theta1 - Math.PI / 2)
                      + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - M2 * L1 * Lc2 * dtheta1 * dtheta1 * Math.Sin(theta2) - phi2)
                          / (M2 * Lc2 * Lc2 + I2 - d2 * d2 / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        ds[0] = dtheta1;
        ds[1] = dtheta2;
        ds[2] = ddtheta1;
        ds[3] = ddtheta2;
    }

    private static double Wrap(double x)
    {
        const double diff = 2 * Math.PI;
        while (x > Math.PI) x -= diff;
        while (x < -Math.PI) x += diff;
        return x;
    }

    private float[] Observe() =>
        [(float)Math.Cos(_s[0]), (float)Math.Sin(_s[0]), (float)Math.Cos(_s[1]), (float)Math.Sin(_s[1]), (float)_s[2], (float)_s[3]];
}
