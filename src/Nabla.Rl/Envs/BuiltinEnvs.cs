namespace Nabla.Rl.Envs;

/// <summary>The registry's built-in entries, with Gymnasium's limits and reward thresholds.</summary>
internal static class BuiltinEnvs
{
    public static void RegisterAll()
    {
        Gym.Register(new EnvSpec("CartPole-v0", 200, 195.0, "cart-pole balancing, 200-step episodes"), _ => new CartPole());
        Gym.Register(new EnvSpec("CartPole-v1", 500, 475.0, "cart-pole balancing, 500-step episodes"), _ => new CartPole());
    }
}
