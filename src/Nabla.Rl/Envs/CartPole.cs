using System.Text;
using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// The classic cart-pole (Barto, Sutton and Anderson 1983) with Gymnasium's constants: gravity 9.8, cart mass 1.0,
/// pole mass 0.1, half-length 0.5, force 10, explicit Euler with τ = 0.02. Observation
/// <c>[x, ẋ, θ, θ̇]</c>; action 0 pushes left, 1 pushes right; reward +1 per step, including the step that fails.
/// The episode terminates when |θ| &gt; 12° (0.2095 rad) or |x| &gt; 2.4. Reset draws each component from
/// U(−0.05, 0.05). Dynamics are computed in double and the state is stored as float32, so the observation is exactly
/// the state and stepping from a printed observation reproduces the next one.
/// </summary>
public sealed class CartPole : Env<float[], int>
{
    /// <summary>Gravitational acceleration, m/s².</summary>
    public const double Gravity = 9.8;
    /// <summary>Mass of the cart, kg.</summary>
    public const double MassCart = 1.0;
    /// <summary>Mass of the pole, kg.</summary>
    public const double MassPole = 0.1;
    /// <summary>Half the pole's length, m.</summary>
    public const double HalfLength = 0.5;
    /// <summary>Magnitude of the push, N.</summary>
    public const double ForceMag = 10.0;
    /// <summary>Seconds per step.</summary>
    public const double Tau = 0.02;
    /// <summary>|θ| beyond this ends the episode: 12° in radians.</summary>
    public const double ThetaThreshold = 12 * 2 * Math.PI / 360;
    /// <summary>|x| beyond this ends the episode.</summary>
    public const double XThreshold = 2.4;

    private const double TotalMass = MassCart + MassPole, PoleMassLength = MassPole * HalfLength;
    private readonly Box _observationSpace = new(
        [(float)(-2 * XThreshold), float.MinValue, (float)(-2 * ThetaThreshold), float.MinValue],
        [(float)(2 * XThreshold), float.MaxValue, (float)(2 * ThetaThreshold), float.MaxValue]);
    private readonly Discrete _actionSpace = new(2);
    private float[]? _state;
    private bool _terminated;

    /// <inheritdoc />
    public override Space<float[]> ObservationSpace => _observationSpace;

    /// <inheritdoc />
    public override Space<int> ActionSpace => _actionSpace;

    /// <summary>
    /// The state <c>[x, ẋ, θ, θ̇]</c> (a copy); setting it (like Gymnasium's <c>env.unwrapped.state = ...</c>) starts
    /// a fresh episode from that state.
    /// </summary>
    public float[] State
    {
        get => (float[])(_state ?? throw StepBeforeReset("CartPole")).Clone();
        set
        {
            if (value is not { Length: 4 })
                throw new ArgumentException($"CartPole.State: expected 4 values, got {value?.Length.ToString() ?? "null"}.");
            _state = (float[])value.Clone();
            _terminated = false;
        }
    }

    /// <inheritdoc />
    public override ResetResult<float[]> Reset(long? seed = null)
    {
        Reseed(seed);
        _state = new float[4];
        for (int i = 0; i < 4; i++) _state[i] = (float)(-0.05 + 0.1 * Rng.NextDouble());
        _terminated = false;
        return new(State, EnvInfo.Empty);
    }

    /// <inheritdoc />
    public override StepResult<float[]> Step(int action)
    {
        CheckAction(action, "CartPole");
        var s = _state ?? throw StepBeforeReset("CartPole");
        double x = s[0], xDot = s[1], theta = s[2], thetaDot = s[3];
        double force = action == 1 ? ForceMag : -ForceMag;
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        double temp = (force + PoleMassLength * thetaDot * thetaDot * sin) / TotalMass;
        double thetaAcc = (Gravity * sin - cos * temp) / (HalfLength * (4.0 / 3.0 - MassPole * cos * cos / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cos / TotalMass;
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        s[0] = (float)x;
        s[1] = (float)xDot;
        s[2] = (float)theta;
        s[3] = (float)thetaDot;
        bool failed = x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
        // Gymnasium pays 1 on the failing step and 0 for steps taken after termination.
        double reward = _terminated ? 0.0 : 1.0;
        _terminated |= failed;
        return new((float[])s.Clone(), reward, failed, false, EnvInfo.Empty);
    }

    /// <summary>A 41-column track from x = −2.4 to 2.4 with the cart and the pole's lean, and the state's numbers.</summary>
    public override string Render()
    {
        var s = _state ?? throw new InvalidOperationException("CartPole: call Reset before Render.");
        const int width = 41;
        var track = new StringBuilder(new string('-', width));
        int col = (int)Math.Round((Math.Clamp(s[0], -XThreshold, XThreshold) + XThreshold) / (2 * XThreshold) * (width - 1));
        track[col] = s[2] > 0.05 ? '/' : s[2] < -0.05 ? '\\' : '|';
        return FormattableString.Invariant($"[{track}]  x={s[0],9:F5} x_dot={s[1],9:F5} theta={s[2],9:F5} theta_dot={s[3],9:F5}");
    }
}
