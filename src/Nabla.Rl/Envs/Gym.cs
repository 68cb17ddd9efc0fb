namespace Nabla.Rl.Envs;

/// <summary>
/// The environment registry, like <c>gymnasium.make</c>: <c>Gym.Make("CartPole-v1")</c> builds the environment and
/// wraps it in a <see cref="TimeLimit{TObs, TAct}"/> with the registered episode limit. Built in: CartPole-v0 (200
/// steps), CartPole-v1 (500), MountainCar-v0 (200), Acrobot-v1 (500), GridWorld-5x5, GridWorld-v0, CliffWalking-v0,
/// FrozenLake-v1, FrozenLake8x8-v1. Thread-safe.
/// </summary>
public static class Gym
{
    private sealed record Entry(EnvSpec Spec, Func<EnvArgs, int?, IEnv> Build);

    private static readonly Dictionary<string, Entry> Registry = new(StringComparer.Ordinal);

    static Gym() => BuiltinEnvs.RegisterAll();

    /// <summary>
    /// Adds an environment under <paramref name="spec"/>'s id. <paramref name="factory"/> builds the bare environment
    /// from keyword arguments; Make adds the time limit.
    /// </summary>
    public static void Register<TObs, TAct>(EnvSpec spec, Func<EnvArgs, Env<TObs, TAct>> factory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(factory);
        var entry = new Entry(spec, (args, maxSteps) =>
        {
            Env<TObs, TAct> env = factory(args);
            args.EnsureAllRead(spec.Id);
            int? limit = maxSteps ?? spec.MaxEpisodeSteps;
            if (limit is int l) env = new TimeLimit<TObs, TAct>(env, l);
            env.Spec = limit == spec.MaxEpisodeSteps ? spec : spec with { MaxEpisodeSteps = limit };
            return env;
        });
        lock (Registry)
        {
            if (!Registry.TryAdd(spec.Id, entry))
                throw new ArgumentException($"Gym.Register: '{spec.Id}' is already registered.");
        }
    }

    /// <summary>Every registered entry, sorted by id.</summary>
    public static IReadOnlyList<EnvSpec> Specs
    {
        get
        {
            lock (Registry) return Registry.Values.Select(e => e.Spec).OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>The entry registered as <paramref name="id"/>.</summary>
    public static EnvSpec Spec(string id) => Find(id).Spec;

    /// <summary>
    /// Builds the environment registered as <paramref name="id"/>. <paramref name="kwargs"/> are its arguments as text
    /// (e.g. <c>is_slippery=false</c> for FrozenLake); <paramref name="maxEpisodeSteps"/> overrides the registered limit.
    /// </summary>
    public static IEnv Make(string id, IReadOnlyDictionary<string, string>? kwargs = null, int? maxEpisodeSteps = null)
        => Find(id).Build(new EnvArgs(kwargs), maxEpisodeSteps);

    /// <summary>
    /// <see cref="Make(string, IReadOnlyDictionary{string, string}?, int?)"/> typed: <c>Gym.Make&lt;float[], int&gt;("CartPole-v1")</c>,
    /// <c>Gym.Make&lt;int, int&gt;("FrozenLake-v1")</c>.
    /// </summary>
    public static Env<TObs, TAct> Make<TObs, TAct>(string id, IReadOnlyDictionary<string, string>? kwargs = null, int? maxEpisodeSteps = null)
    {
        var env = Make(id, kwargs, maxEpisodeSteps);
        return env as Env<TObs, TAct> ?? throw new ArgumentException(
            $"Gym.Make: '{id}' has observations {ObservationTypeName(env)}; it is not an Env<{typeof(TObs).Name}, {typeof(TAct).Name}>.");
    }

    private static string ObservationTypeName(IEnv env)
    {
        for (var t = env.GetType(); t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Env<,>))
                return $"{t.GetGenericArguments()[0].Name} and actions {t.GetGenericArguments()[1].Name}";
        return env.GetType().Name;
    }

    private static Entry Find(string id)
    {
        lock (Registry)
        {
            if (Registry.TryGetValue(id, out var e)) return e;
            throw new ArgumentException($"Gym.Make: no environment '{id}'; registered: {string.Join(", ", Registry.Keys.Order(StringComparer.Ordinal))}.");
        }
    }
}
