using ComputeSim.Model;

namespace ComputeSim.Api;

/// <summary>Collects every fitting layout a search visits (host only), for the runner-ups <c>--layouts K</c> prints.</summary>
public readonly struct TopLayouts() : ILayoutVisitor
{
    private readonly List<(Layout Layout, StepResult Step)> _fitting = [];

    /// <inheritdoc />
    public void Visit(in Layout layout, in StepResult step)
    {
        if (step.Fits != 0)
            _fitting.Add((layout, step));
    }

    /// <summary>The fastest <paramref name="k"/>, fastest first (ties in enumeration order, as the search keeps them).</summary>
    public IReadOnlyList<(Layout Layout, StepResult Step)> Fastest(int k) =>
        _fitting.Select((x, i) => (x, i)).OrderBy(p => p.x.Step.StepTimeSeconds).ThenBy(p => p.i).Take(k).Select(p => p.x).ToList();
}
