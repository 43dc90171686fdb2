# Silas sandbox run server. Runs as root on the host, outside the sandbox, one per persistent sandbox; only the
# JVM talks to it (its stdin). It holds the sandbox's pinned namespaces and starts each run's payload directly,
# argv only (never a shell), in exactly the state the payload would reach through
#   shim (cgroups, rlimits) -> setsid -> setpriv --clear-groups --no-new-privs -> nsenter --setuid --setgid,
# with an empty capability bounding set as bubblewrap's --cap-drop ALL gives a fresh sandbox.
# Rootless (mode "rootless": the JVM and the server are an unprivileged uid that owns the sandbox's user
# namespaces) each run is one fork of the server that enters the sandbox's outer user namespace (the parent of
# the pinned one, which owns the pid, mount, net, ipc, uts and cgroup namespaces), those namespaces and a new pid
# namespace of its own, then forks the run's init (pid 1 of that namespace): it enters the pinned user namespace,
# drops every capability and to the sandbox uid, sets the process limit, dies with its parent, and runs the
# payload as its child. When the payload exits, the init exits and the kernel kills everything left in the
# run's pid namespace; "kill ID" kills the run's parent, which takes the init and so the whole run with it.
# Arguments: the architecture, the mode ("root" or "rootless"), then kind=path for each namespace handle.
# Requests on stdin are NUL-terminated fields:
#   run ID OUT_FIFO ERR_FIFO STDIN_FILE STATUS_FILE CPU_SOFT CPU_HARD FSIZE NOFILE AS NPROC UID
#       NCGROUPS CGROUP_PROCS... NENV NAME=VALUE... NARGV ARGV...     (AS, NPROC: 0 = no such limit)
#   opened ID        (the JVM has opened the run's output fifos)
#   kill ID          (rootless: end the run's whole process tree now)
# Replies on stdout, one line each: first "server KIND:INODE..." (the namespaces it holds; rootless followed by
# "parent:INODE", the outer user namespace), then per run
# "ready ID" (its fifos exist and are held open until "opened"), "failed ID" (no fifos; nothing was started)
# and "exit ID CODE" (128+N when the payload was killed by signal N; 125 when the run could not be set up).
# The server itself enters the sandbox's pid namespace for its children only (setns sets pid_for_children), so
# each payload is one fork of the server, already inside; the server stays outside and reaps it on SIGCHLD.
use strict;
use warnings;
use POSIX ();

my %SYSCALLS = (
    # setns, prctl, setgroups, setrlimit, setresuid, setresgid, unshare
    x86_64  => [308, 157, 116, 160, 117, 119, 272],
    aarch64 => [268, 167, 159, 164, 147, 149, 97],
);
my $arch = shift @ARGV;
my ($SETNS, $PRCTL, $SETGROUPS, $SETRLIMIT, $SETRESUID, $SETRESGID, $UNSHARE) = @{ $SYSCALLS{$arch} or die "unsupported architecture\n" };
my $mode = shift @ARGV // '';
die "unknown mode\n" unless $mode eq 'root' || $mode eq 'rootless';
my $ROOTLESS = $mode eq 'rootless';
my %NSTYPE = (mnt => 0x00020000, net => 0x40000000, pid => 0x20000000, ipc => 0x08000000,
              uts => 0x04000000, cgroup => 0x02000000, user => 0x10000000);
my ($PR_CAPBSET_DROP, $PR_SET_NO_NEW_PRIVS, $PR_SET_PDEATHSIG, $PR_SET_DUMPABLE) = (24, 38, 1, 4);
my ($RLIMIT_CPU, $RLIMIT_FSIZE, $RLIMIT_CORE, $RLIMIT_NOFILE, $RLIMIT_NPROC, $RLIMIT_AS) = (0, 1, 4, 7, 6, 9);
my $NS_GET_PARENT = 0xb702;

my %ns;
for my $arg (@ARGV) {
    my ($kind, $path) = split /=/, $arg, 2;
    die "unknown namespace $kind\n" unless defined $path && exists $NSTYPE{$kind};
    open(my $fh, '<', $path) or die "cannot open the $kind namespace: $!\n";
    $ns{$kind} = $fh;
}
die "a namespace handle is missing\n" unless keys %ns == keys %NSTYPE;
open(my $last_cap_file, '<', '/proc/sys/kernel/cap_last_cap') or die "cannot read cap_last_cap: $!\n";
my $LAST_CAP = <$last_cap_file>;
close($last_cap_file);
die "bad cap_last_cap\n" unless defined $LAST_CAP && $LAST_CAP =~ /\A([0-9]{1,3})\n?\z/;
$LAST_CAP = $1;
my $hello = "server " . join(' ', map { "$_:" . (stat($ns{$_}))[1] } sort keys %ns);
if ($ROOTLESS) {
    # The outer user namespace (bubblewrap's first; it owns every other namespace of the sandbox).
    my $fd = ioctl($ns{user}, $NS_GET_PARENT, 0) or die "cannot find the outer user namespace: $!\n";
    open($ns{outer}, '<&=', $fd) or die "outer user namespace: $!\n";
    $hello .= " parent:" . (stat($ns{outer}))[1];
} else {
    enter('pid');
}
syswrite(STDOUT, "$hello\n");

my %held;
my %running;
my $CHLD = POSIX::SigSet->new(POSIX::SIGCHLD());

# Reports every payload that ended; runs between Perl ops (deferred signals), never inside another report.
$SIG{CHLD} = sub {
    while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
        my $id = delete $running{$pid};
        next unless defined $id;
        my $code = ($? & 127) ? 128 + ($? & 127) : ($? >> 8);
        report("exit $id $code");
    }
};

# Requests are read unbuffered (sysread): a PerlIO read buffer on STDIN would be inherited by each payload, and
# Perl "gives back" unread buffered input before exec by seeking fd 0 -- by then the run's stdin file.
my $pending = '';

sub field {
    my $end;
    while (($end = index($pending, "\0")) < 0) {
        my $n = sysread(STDIN, $pending, 65536, length $pending);
        next if !defined $n && $!{EINTR};
        exit 0 unless $n;
    }
    my $f = substr($pending, 0, $end);
    substr($pending, 0, $end + 1, '');
    return $f;
}

sub number {
    my $f = field();
    die "bad number\n" unless $f =~ /\A[0-9]{1,19}\z/;
    return $f + 0;
}

sub list {
    my $n = number();
    return map { field() } 1 .. $n;
}

sub report {
    my ($line) = @_;
    syswrite(STDOUT, "$line\n");
}

sub enter {
    my ($kind) = @_;
    my $type = $NSTYPE{$kind eq 'outer' ? 'user' : $kind};
    syscall($SETNS, fileno($ns{$kind}), $type) == 0 or die "cannot enter the $kind namespace: $!\n";
}

sub rlimit {
    my ($resource, $soft, $hard) = @_;
    syscall($SETRLIMIT, $resource, pack('QQ', $soft, $hard)) == 0 or die "cannot set rlimit $resource: $!\n";
}

sub drop_capabilities {
    for my $cap (0 .. $LAST_CAP) {
        syscall($PRCTL, $PR_CAPBSET_DROP, $cap, 0, 0, 0) == 0 or die "cannot drop capability $cap: $!\n";
    }
}

sub become {
    my ($uid) = @_;
    syscall($SETRESGID, $uid, $uid, $uid) == 0 or die "setresgid: $!\n";
    syscall($SETRESUID, $uid, $uid, $uid) == 0 or die "setresuid: $!\n";
    syscall($PRCTL, $PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 or die "no_new_privs: $!\n";
}

sub start_payload {
    my ($r, $in, $out, $err, $status) = @_;
    POSIX::dup2(fileno($in), 0) and POSIX::dup2(fileno($out), 1) and POSIX::dup2(fileno($err), 2)
        or die "dup2: $!\n";
    %ENV = ();
    for my $pair (@{ $r->{env} }) {
        my ($name, $value) = split /=/, $pair, 2;
        $ENV{$name} = $value;
    }
    syswrite($status, "started\n") or die "status: $!\n";
    close($status) or die "status: $!\n";
    my @argv = @{ $r->{argv} };
    { no warnings 'exec'; exec { $argv[0] } @argv; }
    my $code = $!{ENOENT} ? 127 : 126;
    print STDERR "$argv[0]: $!\n";
    POSIX::_exit($code);
}

sub exit_code {
    my ($status) = @_;
    return ($status & 127) ? 128 + ($status & 127) : ($status >> 8);
}

# Rootless: the run's parent (host pid namespace), its keeper (the sandbox's pid namespace, which makes the run's
# own pid namespace: a process cannot make one after entering another) and the run's init (pid 1 of that
# namespace, the sandbox uid). Each dies with its parent. Every failure before "started" is a set-up failure.
sub rootless_payload {
    my ($r, $in, $out, $err, $status) = @_;
    enter($_) for qw(outer pid mnt net ipc uts cgroup);
    my $keeper_alive = child_of_this();
    parent_waits($in, $out, $err, $status) unless $keeper_alive;
    syscall($PRCTL, $PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 or die "dumpable: $!\n";
    syscall($UNSHARE, $NSTYPE{pid}) == 0 or die "cannot make the run's pid namespace: $!\n";
    my $init_alive = child_of_this();
    parent_waits($in, $out, $err, $status) unless $init_alive;
    enter('user');
    drop_capabilities();
    chdir('/work') or die "chdir: $!\n";
    become($r->{uid});
    syscall($PRCTL, $PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 or die "dumpable: $!\n";
    # The uid change cleared the death signal: arm it again, then make sure the parent did not die before.
    die_with_parent($init_alive);
    rlimit($RLIMIT_NPROC, $r->{nproc}, $r->{nproc}) if $r->{nproc} > 0;
    my $payload = fork();
    die "fork: $!\n" unless defined $payload;
    start_payload($r, $in, $out, $err, $status) if $payload == 0;
    close($_) for ($in, $out, $err, $status);
    # pid 1 of the run: reaps every orphan; the payload's end is the run's end (the kernel then kills the rest).
    while (1) {
        my $done = waitpid(-1, 0);
        next if $done < 0 && $!{EINTR};
        POSIX::_exit(125) if $done < 0;
        POSIX::_exit(exit_code($?)) if $done == $payload;
    }
}

# Forks; in the child returns the read end of a pipe whose write end only the parent holds (EOF once the parent
# is gone), after arming the child's death signal; in the parent returns undef.
my $only_child;
my @alive_ends;
sub child_of_this {
    pipe(my $alive_r, my $alive_w) or die "pipe: $!\n";
    my $pid = fork();
    die "fork: $!\n" unless defined $pid;
    if ($pid != 0) {
        close($alive_r);
        # Held until this process ends (a lexical handle would be closed on return).
        push @alive_ends, $alive_w;
        $only_child = $pid;
        return undef;
    }
    close($alive_w);
    die_with_parent($alive_r);
    return $alive_r;
}

sub die_with_parent {
    my ($alive_r) = @_;
    syscall($PRCTL, $PR_SET_PDEATHSIG, 9, 0, 0, 0) == 0 or die "pdeathsig: $!\n";
    my $bits = '';
    vec($bits, fileno($alive_r), 1) = 1;
    die "the run's parent is gone\n" if select($bits, undef, undef, 0) != 0;
}

# The parent of a run's process: holds none of the run's files, and ends with its child's status.
sub parent_waits {
    close($_) for @_;
    while (1) {
        my $done = waitpid($only_child, 0);
        next if $done < 0 && $!{EINTR};
        POSIX::_exit($done == $only_child ? exit_code($?) : 125);
    }
}

sub payload {
    my ($r) = @_;
    # The request and reply pipes are the server's alone.
    open(STDIN, '<', '/dev/null') or die "stdin: $!\n";
    open(STDOUT, '>', '/dev/null') or die "stdout: $!\n";
    # Other runs' fifos: a payload must not hold them (their readers would wait for it).
    %held = ();
    $SIG{CHLD} = 'DEFAULT';
    POSIX::sigprocmask(POSIX::SIG_SETMASK(), POSIX::SigSet->new()) or die "sigprocmask: $!\n";
    for my $procs (@{ $r->{cgroups} }) {
        open(my $fh, '>', $procs) or die "cannot open $procs: $!\n";
        syswrite($fh, "0\n") or die "cannot enter $procs: $!\n";
        close($fh) or die "cannot enter $procs: $!\n";
    }
    rlimit($RLIMIT_CPU, $r->{cpu_soft}, $r->{cpu_hard});
    rlimit($RLIMIT_FSIZE, $r->{fsize}, $r->{fsize});
    rlimit($RLIMIT_NOFILE, $r->{nofile}, $r->{nofile});
    rlimit($RLIMIT_CORE, 0, 0);
    rlimit($RLIMIT_AS, $r->{as}, $r->{as}) if $r->{as} > 0;
    POSIX::setsid() or die "setsid: $!\n";
    # Rootless, the JVM's groups are all the server has; bubblewrap's user namespaces deny setgroups.
    $ROOTLESS or syscall($SETGROUPS, 0, 0) == 0 or die "cannot clear groups: $!\n";
    open(my $in, '<', $r->{stdin}) or die "stdin: $!\n";
    open(my $out, '>', $r->{out}) or die "stdout: $!\n";
    open(my $err, '>', $r->{err}) or die "stderr: $!\n";
    open(my $status, '>', $r->{status}) or die "status: $!\n";
    rootless_payload($r, $in, $out, $err, $status) if $ROOTLESS;
    enter($_) for qw(mnt net ipc uts cgroup user);
    # Full capabilities in the sandbox's user namespace now: the last use of them empties the bounding set.
    drop_capabilities();
    chdir('/work') or die "chdir: $!\n";
    become($r->{uid});
    start_payload($r, $in, $out, $err, $status);
}

while (1) {
    my $command = field();
    if ($command eq 'opened') {
        delete $held{ number() };
        next;
    }
    if ($command eq 'kill') {
        my $id = number();
        # A pid still in %running is not yet reaped, so it cannot have been reused.
        my ($pid) = grep { $running{$_} == $id } keys %running;
        kill('KILL', $pid) if defined $pid;
        next;
    }
    die "unknown command\n" unless $command eq 'run';
    my %r;
    $r{id} = number();
    $r{$_} = field() for qw(out err stdin status);
    $r{$_} = number() for qw(cpu_soft cpu_hard fsize nofile as nproc uid);
    $r{cgroups} = [list()];
    $r{env} = [list()];
    $r{argv} = [list()];
    my @fifos;
    for my $path ($r{out}, $r{err}) {
        my $fh;
        if (POSIX::mkfifo($path, 0600) && open($fh, '+<', $path)) {
            push @fifos, $fh;
        }
    }
    if (@fifos != 2 || !@{ $r{argv} }) {
        unlink($r{out}, $r{err});
        report("failed $r{id}");
        next;
    }
    $held{ $r{id} } = \@fifos;
    # SIGCHLD stays blocked until the payload's pid is recorded, so that its exit cannot be reaped unrecognised.
    POSIX::sigprocmask(POSIX::SIG_BLOCK(), $CHLD) or die "sigprocmask: $!\n";
    my $pid = fork();
    if (defined $pid && $pid == 0) {
        eval { payload(\%r) };
        print STDERR "silas run server: $@" if $@;
        POSIX::_exit(125);
    }
    $running{$pid} = $r{id} if defined $pid;
    POSIX::sigprocmask(POSIX::SIG_UNBLOCK(), $CHLD) or die "sigprocmask: $!\n";
    if (!defined $pid) {
        delete $held{ $r{id} };
        unlink($r{out}, $r{err});
        report("failed $r{id}");
        next;
    }
    report("ready $r{id}");
}
