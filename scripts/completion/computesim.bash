# Tab completion for computesim in bash. Load it in ~/.bashrc:  source /path/to/computesim.bash
# The command itself answers through its [suggest:POSITION] "LINE" directive; with no answer, bash completes file names.
_computesim_complete() {
    local IFS=$'\n'
    COMPREPLY=($(computesim "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null))
}
complete -o default -F _computesim_complete computesim
