using System.Text;
using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// Moore's mountain car with Gymnasium's equations (MountainCar-v0): position in [−1.2, 0.6], speed in [−0.07, 0.07],
/// <c>v ← v + (a − 1)·0.001 − 0.0025·cos(3p)</c>, then <c>p ← p + v</c>; the left wall stops the car. Actions: 0
/// accelerate left, 1 coast, 2 accelerate right. Reward −1 per step; the episode terminates at p ≥ 0.5. Reset puts the
/// car at rest at p ~ U(−0.6, −0.4). Observation <c>[p, v]</c> as float32; the state is kept in double as Gymnasium does.
/// </summary>
public sealed class MountainCar : Env<float[], int>
{
    /// <summary>The left end of the track.</summary>
    public const double MinPosition = -1.2;
    /// <summary>The right end of the track.</summary>
    public const double MaxPosition = 0.6;
    /// <summary>The speed limit in either direction.</summary>
    public const double MaxSpeed = 0.07;
    /// <summary>Reaching this position ends the episode.</summary>
    public const double GoalPosition = 0.5;
    /// <summary>The engine's acceleration.</summary>
    public const double Force = 0.001;
    /// <summary>The hill's pull, scaled by cos(3p).</summary>
    public const double Gravity = 0.0025;

    private readonly Box _observationSpace = new([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);
    private readonly Discrete _actionSpace = new(3);
    private double _position, _velocity;
    private bool _started;

    /// <inheritdoc />
    public override Space<float[]> ObservationSpace => _observationSpace;

    /// <inheritdoc />
    public override Space<int> ActionSpace => _actionSpace;

    /// <summary>The state (position, velocity) in double; setting it starts an episode from there.</summary>
    public (double Position, double Velocity) State
    {
        get => (_position, _velocity);
        set
        {
            (_position, _velocity) = value;
            _started = true;
        }
    }

    /// <inheritdoc />
    public override ResetResult<float[]> Reset(long? seed = null)
    {
        Reseed(seed);
        _position = -0.6 + 0.2 * Rng.NextDouble();
        _velocity = 0;
        _started = true;
        return new(Observe(), EnvInfo.Empty);
    }

    /// <inheritdoc />
    public override StepResult<float[]> Step(int action)
    {
        CheckAction(action, "MountainCar");
        if (!_started) throw StepBeforeReset("MountainCar");
        _velocity += (action - 1) * Force + Math.Cos(3 * _position) * -Gravity;
        _velocity = Math.Clamp(_velocity, -MaxSpeed, MaxSpeed);
        _position = Math.Clamp(_position + _velocity, MinPosition, MaxPosition);
        if (_position == MinPosition && _velocity < 0) _velocity = 0;
        bool terminated = _position >= GoalPosition && _velocity >= 0;
        return new(Observe(), -1.0, terminated, false, EnvInfo.Empty);
    }

    /// <summary>The track from −1.2 to 0.6 in 37 columns with the car (<c>o</c>) and the flag (<c>F</c>), and the numbers.</summary>
    public override string Render()
    {
        if (!_started) throw new InvalidOperationException("MountainCar: call Reset before Render.");
        const int width = 37;
        static int Column(double p) => (int)Math.Round((p - MinPosition) / (MaxPosition - MinPosition) * (width - 1));
        var track = new StringBuilder(new string('_', width));
        track[Column(GoalPosition)] = 'F';
        track[Column(_position)] = 'o';
        return FormattableString.Invariant($"[{track}]  position={_position,9:F5} velocity={_velocity,9:F5}");
    }

    private float[] Observe() => [(float)_position, (float)_velocity];
}
