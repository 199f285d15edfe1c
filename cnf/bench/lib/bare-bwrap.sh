# shellcheck shell=bash
# Sourced by the benchmarks that compare a run through OS2 with bare bubblewrap (kernel, mcp):
# sets bare_bwrap_line, the sandbox's own bwrap command line for `$python -c pass` in the
# workspace $work/ws. Needs $python, $prefix (its sys.base_prefix) and $work.
# The sandbox's own bwrap command line (BwrapCommandLine in os2.kernel: its namespaces, its
# system directories and files, the workspace, the root made read-only, its environment), without
# the prlimit OS2 puts in front of the program: that is OS2's own cost, and counted as overhead.
etc_binds=()
for file in /etc/alternatives /etc/ssl /etc/ca-certificates /etc/resolv.conf /etc/hosts /etc/nsswitch.conf \
	/etc/ld.so.cache /etc/localtime; do
	[[ -e $file ]] && etc_binds+=(--ro-bind "$file" "$file")
done
prefix_bind=() # an interpreter outside /usr (a pyenv build) is bound read-only, as the tools do
[[ $prefix == /usr || $prefix == /usr/* ]] || prefix_bind=(--ro-bind-try "$prefix" "$prefix")
if [[ $(id -u) != 0 ]]; then
	isolation=(--unshare-all --unshare-user --cap-drop ALL)
	run_as=()
	made=()
else
	# as OS2 does as root (SandboxUser, BwrapCommandLine): no user namespace, the program run as
	# uid 64000 through setpriv, the workspace that uid's, the directories on the way made 0755
	isolation=(--unshare-ipc --unshare-pid --unshare-net --unshare-uts --unshare-cgroup --cap-drop ALL
		--cap-add CAP_SETUID --cap-add CAP_SETGID --cap-add CAP_DAC_READ_SEARCH)
	run_as=(/usr/bin/setpriv --reuid=64000 --regid=64000 --clear-groups --inh-caps=-all --)
	chown 64000:64000 "$work/ws"
	made=(--perms 1777 --tmpfs /dev/shm --perms 0755 --dir /etc)
	declare -A seen=()
	for path in ${prefix_bind[@]+"$prefix"} "$work/ws"; do
		ancestors=()
		dir=$(dirname "$path")
		while [[ $dir != / && $dir != /tmp && $dir != /usr && $dir != /usr/* ]]; do
			ancestors=("$dir" ${ancestors[@]+"${ancestors[@]}"})
			dir=$(dirname "$dir")
		done
		for dir in ${ancestors[@]+"${ancestors[@]}"}; do
			[[ -n ${seen[$dir]:-} ]] || made+=(--perms 0755 --dir "$dir")
			seen[$dir]=1
		done
	done
fi
bare_bwrap_line=(bwrap "${isolation[@]}" --die-with-parent --new-session
	--proc /proc --dev /dev --perms 1777 --tmpfs /tmp --ro-bind /usr /usr --symlink usr/bin /bin
	--symlink usr/lib /lib --symlink usr/lib64 /lib64 --symlink usr/sbin /sbin ${made[@]+"${made[@]}"} "${etc_binds[@]}"
	${prefix_bind[@]+"${prefix_bind[@]}"} --bind "$work/ws" "$work/ws" --chdir "$work/ws" --remount-ro /
	--clearenv --setenv PATH /usr/bin:/bin --setenv HOME /tmp --setenv LANG C.UTF-8 --setenv TMPDIR /tmp
	--setenv PWD "$work/ws" ${run_as[@]+"${run_as[@]}"} "$python" -c pass)
