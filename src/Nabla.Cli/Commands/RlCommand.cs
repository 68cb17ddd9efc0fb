using System.Globalization;
using Nabla.Rl;
using Nabla.Rl.Agents;
using Nabla.Rl.Envs;
using Nabla.Rl.Training;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla rl</c>: trains an RL agent on a registered environment, evaluates its greedy policy, writes JSON and a curve PNG.</summary>
internal static class RlCommand
{
    public const string Usage =
        "nabla rl <env-id> --agent dqn|reinforce|a2c|q-learning|sarsa|bc|dagger [--seed N] [--steps N] [--episodes N]\n" +
        "                    [--json FILE] [--curve-png FILE] [--eval-episodes 100] [--checkpoint-every N (dqn 2500, 0 off)]\n" +
        "                    [--lr X] [--gamma X] [--hidden W,W] dqn: [--double] [--batch-size 64] [--buffer 100000]\n" +
        "                    [--learning-starts 1000] [--train-freq 256] [--gradient-steps 128] [--target-update 10]\n" +
        "                    [--eps-start 1] [--eps-decay 8000] [--eps-end 0.04] [--max-grad-norm 10 (0 off)] [--mse]\n" +
        "                    reinforce: [--baseline none|mean|learned]\n" +
        "                    [--entropy X] [--episodes-per-update 4] [--normalize]  a2c: [--envs 8] [--rollout 5] [--gae-lambda 1]\n" +
        "                    [--value-coef 0.5] [--shared]  bc/dagger: [--rounds 5] [--train-steps 1500]  q-learning/sarsa: [--alpha 0.1]\n" +
        "                    [--epsilon 0.1] [--eps-decay EPISODES --eps-end 0]   (--steps: env steps; expert labels for bc/dagger;\n" +
        "                    --episodes for tabular agents, CartPole binned into 768 states)";

    public static int Run(CliArgs args, TextWriter output)
    {
        if (args.Positional.Count < 2) throw new CliException($"rl: give an environment id; registered: {string.Join(", ", Gym.Specs.Select(s => s.Id))}");
        string envId = args.Positional[1];
        if (args.Positional.Count > 2) throw new CliException($"rl: unexpected argument '{args.Positional[2]}'");
        string agent = args.String("agent") ?? throw new CliException($"rl: give --agent ({string.Join("|", RlRunner.Agents)})");
        if (!RlRunner.Agents.Contains(agent)) throw new CliException($"rl: unknown agent '{agent}' ({string.Join("|", RlRunner.Agents)})");
        var options = Parse(args, envId, agent);
        string? json = args.String("json");
        string? png = args.String("curve-png");
        args.RejectUnknown();

        output.WriteLine($"{agent} on {envId}, seed {options.Seed}, " + (agent is "q-learning" or "sarsa"
            ? $"{options.Episodes ?? (int)RlRunner.DefaultSteps(agent)} episodes"
            : agent is "bc" or "dagger" ? $"{options.Steps ?? RlRunner.DefaultSteps(agent)} expert labels"
            : $"{options.Steps ?? RlRunner.DefaultSteps(agent)} environment steps") + $", {Threads.Count} threads");
        RlRunResult result;
        try
        {
            result = RlRunner.Run(options, output.WriteLine);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliException("rl: " + e.Message.Split(Environment.NewLine)[0]);
        }
        var ev = result.Evaluation;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained in {result.TrainSeconds:F1} s ({result.Curve.Episodes.Count} episodes); greedy evaluation over {ev.Returns.Count} episodes: " +
            $"mean return {ev.Mean:F2} ± {ev.Std:F2} (min {ev.Min}, max {ev.Max})"));
        if (json is not null)
        {
            RunReport.WriteJson(result, json);
            output.WriteLine($"wrote {json}");
        }
        if (png is not null)
        {
            RunReport.SaveCurvePng(result, png);
            output.WriteLine($"wrote {png}");
        }
        return 0;
    }

    private static RlRunOptions Parse(CliArgs args, string envId, string agent)
    {
        long seed = args.Int("seed", 0);
        long? steps = args.String("steps") is { } s ? ParseLong("steps", s) : null;
        int? episodes = args.String("episodes") is not null ? args.Int("episodes", 0) : null;
        double? lr = args.String("lr") is not null ? args.Double("lr", 0) : null;
        double? gamma = args.String("gamma") is not null ? args.Double("gamma", 0) : null;
        int[]? hidden = args.String("hidden") is { } h ? ParseSizes(h) : null;
        double? maxNorm = args.String("max-grad-norm") is not null ? args.Double("max-grad-norm", 0) : null;
        double? entropy = args.String("entropy") is not null ? args.Double("entropy", 0) : null;
        bool normalize = args.Flag("normalize");
        var o = new RlRunOptions
        {
            EnvId = envId,
            Agent = agent,
            Seed = seed,
            Steps = steps,
            Episodes = episodes,
            EvalEpisodes = args.Int("eval-episodes", Evaluation.DefaultEpisodes),
            CheckpointInterval = args.String("checkpoint-every") is not null ? args.Int("checkpoint-every", 0) : null,
        };
        switch (agent)
        {
            case "dqn":
                var d = o.Dqn;
                d = d with
                {
                    LearningRate = lr ?? d.LearningRate,
                    Gamma = gamma ?? d.Gamma,
                    HiddenSizes = hidden ?? d.HiddenSizes,
                    DoubleDqn = args.Flag("double"),
                    BatchSize = args.Int("batch-size", d.BatchSize),
                    BufferCapacity = args.Int("buffer", d.BufferCapacity),
                    TargetUpdateInterval = args.Int("target-update", d.TargetUpdateInterval),
                    TrainFrequency = args.Int("train-freq", d.TrainFrequency),
                    GradientSteps = args.Int("gradient-steps", d.GradientSteps),
                    EpsilonStart = args.Double("eps-start", d.EpsilonStart),
                    EpsilonDecaySteps = args.Int("eps-decay", d.EpsilonDecaySteps),
                    EpsilonEnd = args.Double("eps-end", d.EpsilonEnd),
                    MaxGradNorm = maxNorm is 0 ? null : maxNorm ?? d.MaxGradNorm,
                    Loss = args.Flag("mse") ? DqnLoss.Mse : DqnLoss.Huber,
                };
                // Without --learning-starts a larger --batch-size raises it, so that the batch can be drawn.
                return o with { Dqn = d with { LearningStarts = args.Int("learning-starts", Math.Max(d.LearningStarts, d.BatchSize)) } };
            case "reinforce":
                var r = o.Reinforce;
                return o with
                {
                    Reinforce = r with
                    {
                        LearningRate = lr ?? r.LearningRate,
                        Gamma = gamma ?? r.Gamma,
                        HiddenSizes = hidden ?? r.HiddenSizes,
                        EntropyCoef = entropy ?? r.EntropyCoef,
                        NormalizeAdvantages = normalize,
                        EpisodesPerUpdate = args.Int("episodes-per-update", r.EpisodesPerUpdate),
                        Baseline = args.String("baseline", "learned") switch
                        {
                            "none" => BaselineKind.None,
                            "mean" => BaselineKind.Mean,
                            "learned" => BaselineKind.Learned,
                            var b => throw new CliException($"rl: unknown --baseline '{b}' (none, mean or learned)"),
                        },
                    },
                };
            case "a2c":
                var a = o.A2c;
                return o with
                {
                    A2c = a with
                    {
                        LearningRate = lr ?? a.LearningRate,
                        Gamma = gamma ?? a.Gamma,
                        HiddenSizes = hidden ?? a.HiddenSizes,
                        EntropyCoef = entropy ?? a.EntropyCoef,
                        MaxGradNorm = maxNorm is 0 ? null : maxNorm ?? a.MaxGradNorm,
                        NormalizeAdvantages = normalize,
                        NumEnvs = args.Int("envs", a.NumEnvs),
                        RolloutSteps = args.Int("rollout", a.RolloutSteps),
                        GaeLambda = args.Double("gae-lambda", a.GaeLambda),
                        ValueCoef = args.Double("value-coef", a.ValueCoef),
                        SharedNetwork = args.Flag("shared"),
                    },
                };
            case "bc" or "dagger":
                var i = o.Imitation;
                return o with
                {
                    Imitation = i with
                    {
                        LearningRate = lr ?? i.LearningRate,
                        HiddenSizes = hidden ?? i.HiddenSizes,
                        DaggerRounds = args.Int("rounds", i.DaggerRounds),
                        TrainSteps = args.Int("train-steps", i.TrainSteps),
                    },
                };
            default:
                var t = o.Tabular;
                return o with
                {
                    Tabular = t with
                    {
                        Alpha = args.Double("alpha", t.Alpha),
                        Gamma = gamma ?? t.Gamma,
                        Epsilon = args.String("eps-decay") is not null
                            ? Schedule.Linear(args.Double("epsilon", 1), args.Double("eps-end", 0), args.Int("eps-decay", 1))
                            : args.String("epsilon") is not null ? Schedule.Constant(args.Double("epsilon", 0)) : t.Epsilon,
                    },
                };
        }
    }

    private static long ParseLong(string name, string text) =>
        long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new CliException($"--{name}: '{text}' is not a valid integer");

    private static int[] ParseSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] <= 0)
                throw new CliException($"--hidden: '{text}' is not a comma-separated list of positive widths");
        return sizes;
    }
}
