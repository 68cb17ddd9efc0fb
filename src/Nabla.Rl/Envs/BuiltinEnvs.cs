namespace Nabla.Rl.Envs;

/// <summary>The registry's built-in entries, with Gymnasium's limits and reward thresholds where Gymnasium has them.</summary>
internal static class BuiltinEnvs
{
    public static void RegisterAll()
    {
        Gym.Register(new EnvSpec("CartPole-v0", 200, 195.0, "cart-pole balancing, 200-step episodes"), _ => new CartPole());
        Gym.Register(new EnvSpec("CartPole-v1", 500, 475.0, "cart-pole balancing, 500-step episodes"), _ => new CartPole());
        Gym.Register(new EnvSpec("MountainCar-v0", 200, -110.0, "under-powered car climbing a hill"), _ => new MountainCar());
        Gym.Register(new EnvSpec("Acrobot-v1", 500, -100.0, "two-link pendulum swing-up"), _ => new Acrobot());
        Gym.Register(new EnvSpec("GridWorld-5x5", 100, null, "Sutton and Barto's 5x5 grid with teleports A->A' (+10), B->B' (+5)"),
            _ => GridWorld.SuttonBarto());
        Gym.Register(new EnvSpec("GridWorld-v0", 100, null, "grid with terminal stars in opposite corners, -1 per action, +10 at a star (args rows, cols, goal_adds_step_reward)"),
            a => GridWorld.Stars(a.Int("rows", 4), a.Int("cols", 4), a.Bool("goal_adds_step_reward", true)));
        Gym.Register(new EnvSpec("CliffWalking-v0", null, null, "4x12 cliff walk, -1 per step, -100 and back to start at the cliff"),
            _ => new CliffWalking());
        Gym.Register(new EnvSpec("FrozenLake-v1", 100, 0.70, "4x4 slippery lake (args is_slippery, map_name 4x4|8x8)"),
            a => Lake(a, "4x4"));
        Gym.Register(new EnvSpec("FrozenLake8x8-v1", 200, 0.85, "8x8 slippery lake (arg is_slippery)"),
            a => new FrozenLake(FrozenLake.Map8x8, a.Bool("is_slippery", true)));
    }

    private static FrozenLake Lake(EnvArgs a, string defaultMap)
    {
        bool slippery = a.Bool("is_slippery", true);
        string name = a.String("map_name", defaultMap);
        var map = name switch
        {
            "4x4" => FrozenLake.Map4x4,
            "8x8" => FrozenLake.Map8x8,
            _ => throw new ArgumentException($"Gym.Make: FrozenLake map_name '{name}' is not 4x4 or 8x8."),
        };
        return new FrozenLake(map, slippery);
    }
}
