# Tab completion for computesim in zsh. Load it in ~/.zshrc (after compinit):  source /path/to/computesim.zsh
# The command itself answers through its [suggest:POSITION] "LINE" directive; with no answer, zsh completes file names.
_computesim_complete() {
    local line="${words[1,CURRENT]}"
    local -a items
    items=("${(@f)$(computesim "[suggest:${#line}]" "$line" 2>/dev/null)}")
    if [[ -n "${items[1]}" ]]; then
        compadd -Q -- "${items[@]}"
    else
        _files
    fi
}
compdef _computesim_complete computesim
