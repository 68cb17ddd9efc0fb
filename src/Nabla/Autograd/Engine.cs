namespace Nabla.Autograd;

/// <summary>
/// Reverse-mode execution: walks the recorded graph from an output back to the leaves, calling each function's
/// VJP once all gradients flowing into its output have been summed.
/// </summary>
internal static class Engine
{
    public static void Backward(Tensor root, Tensor? gradient, bool retainGraph, bool createGraph)
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException("Backward: the tensor does not require grad and has no grad function (did you forget RequiresGrad = true, or run under NoGrad?).");
        if (gradient is null)
        {
            if (root.NumElements != 1)
                throw new InvalidOperationException($"Backward: a gradient can be implied only for scalar outputs, but the output has shape {root.Shape}; pass a gradient.");
            gradient = Tensor.OnesLike(root);
        }
        else if (gradient.Shape != root.Shape)
        {
            throw new ArgumentException($"Backward: gradient shape {gradient.Shape} does not match output shape {root.Shape}.");
        }

        using var mode = GradMode.Set(createGraph);
        if (root.GradFn is null)
        {
            Accumulate(root, gradient, createGraph);
            return;
        }

        // The bookkeeping collections are reused between passes on a thread (taken, so a backward pass started
        // from inside another one, e.g. by a hook, gets fresh ones), keeping a steady training step allocation-light.
        var order = t_order ?? [];
        var pending = t_pending ?? new Dictionary<Function, Tensor>(ReferenceEqualityComparer.Instance);
        t_order = null;
        t_pending = null;
        try
        {
            TopologicalOrder(root.GradFn, order);
            pending[root.GradFn] = gradient;
            Run(order, pending, retainGraph, createGraph);
        }
        finally
        {
            order.Clear();
            pending.Clear();
            t_order = order;
            t_pending = pending;
        }
    }

    [ThreadStatic] private static List<Function>? t_order;
    [ThreadStatic] private static Dictionary<Function, Tensor>? t_pending;
    [ThreadStatic] private static HashSet<Function>? t_visited;
    [ThreadStatic] private static Stack<(Function Fn, int Next)>? t_stack;

    private static void Run(List<Function> order, Dictionary<Function, Tensor> pending, bool retainGraph, bool createGraph)
    {
        var summed = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        // Gradients only the engine holds: made by a VJP (or summed here) and handed on once. Each is disposed as
        // soon as it has been consumed, so a step's gradient buffers return to the pool during the pass instead of
        // all living until the step's scope ends.
        var owned = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var fn in order)
        {
            if (!pending.Remove(fn, out var g)) continue;
            var inputs = fn.Inputs;
            var grads = createGraph ? fn.Backward(g) : BackwardScoped(fn, g, owned);
            // A gradient passed straight through (Add hands g to both inputs) is no longer the engine's alone.
            if (Array.IndexOf(grads, g) >= 0) owned.Remove(g);
            for (int i = 0; i < inputs.Length; i++)
            {
                var x = inputs[i];
                var gi = grads[i];
                if (gi is null || !x.RequiresGrad)
                {
                    if (gi is not null) Drop(owned, gi);
                    continue;
                }
                if (gi.Shape != x.Shape)
                    throw new InvalidOperationException($"{fn.Name}: backward produced a gradient of shape {gi.Shape} for an input of shape {x.Shape}.");
                if (x.GradFn is null)
                {
                    Accumulate(x, gi, createGraph);
                    Drop(owned, gi);
                }
                else if (!pending.TryGetValue(x.GradFn, out var acc))
                {
                    pending[x.GradFn] = gi;
                }
                else if (!createGraph && summed.Contains(acc))
                {
                    acc.Add_(gi);
                    Drop(owned, gi);
                }
                else
                {
                    // A node reached from many places (a weight's transposed view used at every time step) sums its
                    // gradients into a buffer the engine owns from the second one on, instead of a new tensor each time.
                    var sum = acc + gi;
                    if (!createGraph)
                    {
                        summed.Add(sum);
                        owned.Add(sum);
                        Drop(owned, acc);
                        Drop(owned, gi);
                    }
                    pending[x.GradFn] = sum;
                }
            }
            Drop(owned, g);
            if (!retainGraph) fn.Release();
        }
    }

    private static void Drop(HashSet<Tensor> owned, Tensor t)
    {
        if (owned.Remove(t)) t.Dispose();
    }

    /// <summary>
    /// Runs a VJP inside its own scope, so the temporaries it makes go back to the buffer pool at once instead of
    /// living until the caller's scope ends (an LSTM's backward makes thousands); only the gradients it returns,
    /// and views of them, survive.
    /// </summary>
    private static Tensor?[] BackwardScoped(Function fn, Tensor g, HashSet<Tensor> owned)
    {
        using var scope = TensorScope.Begin();
        var grads = fn.Backward(g);
        for (int i = 0; i < grads.Length; i++)
        {
            if (grads[i] is not { } gi) continue;
            // Made by this VJP and returned once: nothing but the engine refers to it.
            if (gi.Scope == scope && Array.IndexOf(grads, gi) == i && Array.LastIndexOf(grads, gi) == i) owned.Add(gi);
            scope.Keep(gi);
        }
        return grads;
    }

    private static void Accumulate(Tensor leaf, Tensor g, bool createGraph)
    {
        if (createGraph)
        {
            leaf.Grad = leaf.Grad is null ? g : leaf.Grad + g;
            return;
        }
        // Later passes add into the existing gradient buffer; the first gets its own dense copy, since g may alias
        // another tensor's buffer (Add passes its incoming gradient through). Either way the leaf's gradient
        // outlives any TensorScope the backward pass ran in.
        if (leaf.Grad is { } existing && existing.GradFn is null && !existing.RequiresGrad && existing.IsContiguous
            && existing.DType == g.DType && existing.Shape == g.Shape)
        {
            existing.Add_(g);
            return;
        }
        var copy = g.DenseCopy();
        if (leaf.Grad is { } old) copy.Add_(old);
        TensorScope.Release(copy);
        leaf.Grad = copy;
    }

    /// <summary>Fills <paramref name="post"/> with the functions reachable from <paramref name="root"/>, each before every function it depends on.</summary>
    private static void TopologicalOrder(Function root, List<Function> post)
    {
        var visited = t_visited ?? new HashSet<Function>(ReferenceEqualityComparer.Instance);
        var stack = t_stack ?? new Stack<(Function Fn, int Next)>();
        t_visited = null;
        t_stack = null;
        try
        {
            visited.Add(root);
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (fn, next) = stack.Pop();
                var inputs = fn.Inputs;
                bool descended = false;
                for (int i = next; i < inputs.Length; i++)
                {
                    var child = inputs[i].GradFn;
                    if (child is null || !inputs[i].RequiresGrad || !visited.Add(child)) continue;
                    stack.Push((fn, i + 1));
                    stack.Push((child, 0));
                    descended = true;
                    break;
                }
                if (!descended) post.Add(fn);
            }
            post.Reverse();
        }
        finally
        {
            visited.Clear();
            stack.Clear();
            t_visited = visited;
            t_stack = stack;
        }
    }
}
