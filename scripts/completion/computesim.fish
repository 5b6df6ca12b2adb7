# Tab completion for computesim in fish. Copy it to ~/.config/fish/completions/computesim.fish
# The command itself answers through its [suggest:POSITION] "LINE" directive; fish adds file names.
function __computesim_complete
    set -l line (commandline -cp)
    computesim "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
end
complete -c computesim -a '(__computesim_complete)'
