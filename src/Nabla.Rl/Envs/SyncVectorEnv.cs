using Nabla.Rl.Spaces;

namespace Nabla.Rl.Envs;

/// <summary>
/// Runs <see cref="NumEnvs"/> copies of a float-vector environment in lock step for batched rollouts, like
/// <c>gymnasium.vector.SyncVectorEnv</c> with same-step autoreset: when copy i ends an episode, its row of
/// <see cref="VectorStepResult.Observations"/> is already the first observation of the next episode and the final
/// observation is in <see cref="VectorStepResult.FinalObservations"/>. Observations are one row-major float buffer of
/// shape (NumEnvs, ObservationSize), ready for <see cref="Tensor.FromArray{T}(T[], ReadOnlySpan{int})"/>; the result's
/// arrays are reused by the next step, so copy what you keep.
/// </summary>
public sealed class SyncVectorEnv
{
    private readonly Env<float[], int>[] _envs;
    private readonly double[] _runningReturns;
    private readonly int[] _runningLengths;
    private readonly VectorStepResult _result;
    private bool _started;

    /// <summary>Steps the given environments together; they must share observation size and action count.</summary>
    public SyncVectorEnv(IEnumerable<Env<float[], int>> envs)
    {
        _envs = envs.ToArray();
        if (_envs.Length == 0) throw new ArgumentException("SyncVectorEnv: needs at least one environment.");
        if (_envs[0].ObservationSpace is not Box box)
            throw new ArgumentException($"SyncVectorEnv: observation space {_envs[0].ObservationSpace} is not a Box.");
        if (_envs[0].ActionSpace is not Discrete actions)
            throw new ArgumentException($"SyncVectorEnv: action space {_envs[0].ActionSpace} is not Discrete.");
        for (int i = 1; i < _envs.Length; i++)
        {
            if (_envs[i].ObservationSpace is not Box b || b.Size != box.Size)
                throw new ArgumentException($"SyncVectorEnv: environment {i} has observations {_envs[i].ObservationSpace}, environment 0 {box}.");
            if (_envs[i].ActionSpace is not Discrete d || d.N != actions.N || d.Start != actions.Start)
                throw new ArgumentException($"SyncVectorEnv: environment {i} has actions {_envs[i].ActionSpace}, environment 0 {actions}.");
        }
        SingleObservationSpace = box;
        SingleActionSpace = actions;
        ObservationSize = box.Size;
        _runningReturns = new double[_envs.Length];
        _runningLengths = new int[_envs.Length];
        _result = new VectorStepResult(_envs.Length, ObservationSize);
    }

    /// <summary><paramref name="numEnvs"/> copies of the registered environment <paramref name="id"/>, each with its time limit.</summary>
    public static SyncVectorEnv Make(string id, int numEnvs, IReadOnlyDictionary<string, string>? kwargs = null, int? maxEpisodeSteps = null)
    {
        if (numEnvs <= 0) throw new ArgumentOutOfRangeException(nameof(numEnvs), $"SyncVectorEnv.Make: numEnvs must be positive, got {numEnvs}.");
        var envs = new Env<float[], int>[numEnvs];
        for (int i = 0; i < numEnvs; i++) envs[i] = Gym.Make<float[], int>(id, kwargs, maxEpisodeSteps);
        return new SyncVectorEnv(envs);
    }

    /// <summary>The number of environment copies (the batch size of a rollout step).</summary>
    public int NumEnvs => _envs.Length;

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>One copy's observation space.</summary>
    public Box SingleObservationSpace { get; }

    /// <summary>One copy's action space.</summary>
    public Discrete SingleActionSpace { get; }

    /// <summary>The copies, for rendering or inspection.</summary>
    public IReadOnlyList<Env<float[], int>> Envs => _envs;

    /// <summary>The current observations, shape (NumEnvs, ObservationSize) row-major; the same array as the last result's.</summary>
    public float[] Observations => _result.Observations;

    /// <summary>The current observations as a new float32 tensor of shape (NumEnvs, ObservationSize).</summary>
    public Tensor ObservationTensor() => Tensor.FromArray(_result.Observations, NumEnvs, ObservationSize);

    /// <summary>
    /// Resets every copy; with a seed, copy i is reset with <c>seed + i</c> (Gymnasium's convention). Returns
    /// <see cref="Observations"/>.
    /// </summary>
    public float[] Reset(long? seed = null)
    {
        for (int i = 0; i < _envs.Length; i++)
        {
            var (obs, _) = _envs[i].Reset(seed is long s ? s + i : null);
            Write(obs, _result.Observations, i);
            _runningReturns[i] = 0;
            _runningLengths[i] = 0;
        }
        Array.Clear(_result.Terminated);
        Array.Clear(_result.Truncated);
        _started = true;
        return _result.Observations;
    }

    /// <summary>Steps copy i with <c>actions[i]</c>, resetting each copy whose episode ends. The result is reused by the next call.</summary>
    public VectorStepResult Step(ReadOnlySpan<int> actions)
    {
        if (!_started) throw new InvalidOperationException("SyncVectorEnv: call Reset before Step.");
        if (actions.Length != _envs.Length)
            throw new ArgumentException($"SyncVectorEnv.Step: {actions.Length} actions for {_envs.Length} environments.");
        var r = _result;
        for (int i = 0; i < _envs.Length; i++)
        {
            var (obs, reward, terminated, truncated, _) = _envs[i].Step(actions[i]);
            r.Rewards[i] = reward;
            r.Terminated[i] = terminated;
            r.Truncated[i] = truncated;
            _runningReturns[i] += reward;
            _runningLengths[i]++;
            if (terminated || truncated)
            {
                Write(obs, r.FinalObservations, i);
                r.EpisodeReturns[i] = _runningReturns[i];
                r.EpisodeLengths[i] = _runningLengths[i];
                _runningReturns[i] = 0;
                _runningLengths[i] = 0;
                obs = _envs[i].Reset().Observation;
            }
            Write(obs, r.Observations, i);
        }
        return r;
    }

    private void Write(float[] obs, float[] buffer, int row)
    {
        if (obs.Length != ObservationSize)
            throw new InvalidOperationException($"SyncVectorEnv: environment {row} returned {obs.Length} floats, expected {ObservationSize}.");
        obs.CopyTo(buffer, row * ObservationSize);
    }
}

/// <summary>One batched step of a <see cref="SyncVectorEnv"/>; every array has one entry (or row) per copy.</summary>
public sealed class VectorStepResult
{
    internal VectorStepResult(int n, int size)
    {
        Observations = new float[n * size];
        FinalObservations = new float[n * size];
        Rewards = new double[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
        EpisodeReturns = new double[n];
        EpisodeLengths = new int[n];
    }

    /// <summary>The observations to act on next, shape (NumEnvs, ObservationSize): after an episode ends, the new episode's first.</summary>
    public float[] Observations { get; }

    /// <summary>Row i is copy i's final observation when <see cref="Done"/>(i); stale otherwise.</summary>
    public float[] FinalObservations { get; }

    /// <summary>The rewards of this step.</summary>
    public double[] Rewards { get; }

    /// <summary>Which copies reached a terminal state this step.</summary>
    public bool[] Terminated { get; }

    /// <summary>Which copies were truncated (time limit) this step.</summary>
    public bool[] Truncated { get; }

    /// <summary>For copies that finished this step, the undiscounted return of the finished episode; stale otherwise.</summary>
    public double[] EpisodeReturns { get; }

    /// <summary>For copies that finished this step, the length of the finished episode; stale otherwise.</summary>
    public int[] EpisodeLengths { get; }

    /// <summary>Whether copy <paramref name="i"/> ended an episode this step.</summary>
    public bool Done(int i) => Terminated[i] || Truncated[i];
}
