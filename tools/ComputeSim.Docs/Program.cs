using ComputeSim.Docs;

// computesim-docs --cli PATH/computesim.dll [--check] [FILE.md ...]
// Run from the repository root (scripts/docs/regenerate.sh does). Exit 0: done (or, with --check, nothing differs);
// 1: with --check, something differs; 2: a docs file breaks the rules or a command crashed.
string? cli = null;
bool check = false;
var files = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--cli" && i + 1 < args.Length)
        cli = args[++i];
    else if (args[i] == "--check")
        check = true;
    else
        files.Add(args[i]);
}
if (cli is null || !File.Exists(cli))
{
    Console.Error.WriteLine("computesim-docs: give --cli PATH to the built computesim.dll");
    return 2;
}
string root = Directory.GetCurrentDirectory();
if (!File.Exists(Path.Combine(root, "ComputeSim.sln")))
{
    Console.Error.WriteLine("computesim-docs: run from the repository root");
    return 2;
}
try
{
    var runner = new CommandRunner(cli);
    var regenerator = new Regenerator(root, runner, check, Console.Out);
    foreach (string file in files.Count > 0 ? files : DocParser.DocFiles(root))
        regenerator.Run(file);
    string verb = check ? "differ" : "rewritten";
    Console.WriteLine($"docs: {regenerator.Changed} {verb}, {regenerator.Unchanged} unchanged, {regenerator.Skipped} skipped (blocks and images)");
    return check && regenerator.Changed > 0 ? 1 : 0;
}
catch (DocsException e)
{
    Console.Error.WriteLine($"computesim-docs: {e.Message}");
    return 2;
}
