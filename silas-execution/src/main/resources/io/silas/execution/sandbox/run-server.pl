# Silas sandbox run server. Runs as root on the host, outside the sandbox, one per persistent sandbox; only the
# JVM talks to it (its stdin). It holds the sandbox's pinned namespaces and starts each run's payload directly,
# argv only (never a shell), in exactly the state the payload would reach through
#   shim (cgroups, rlimits) -> setsid -> setpriv --clear-groups --no-new-privs -> nsenter --setuid --setgid,
# with an empty capability bounding set as bubblewrap's --cap-drop ALL gives a fresh sandbox.
# Arguments: the architecture, then kind=path for each namespace handle.
# Requests on stdin are NUL-terminated fields:
#   run ID OUT_FIFO ERR_FIFO STDIN_FILE STATUS_FILE CPU_SOFT CPU_HARD FSIZE NOFILE UID
#       NCGROUPS CGROUP_PROCS... NENV NAME=VALUE... NARGV ARGV...
#   opened ID        (the JVM has opened the run's output fifos)
# Replies on stdout, one line each: first "server KIND:INODE..." (the namespaces it holds), then per run
# "ready ID" (its fifos exist and are held open until "opened"), "failed ID" (no fifos; nothing was started)
# and "exit ID CODE" (128+N when the payload was killed by signal N; 125 when the run could not be set up).
# The server itself enters the sandbox's pid namespace for its children only (setns sets pid_for_children), so
# each payload is one fork of the server, already inside; the server stays outside and reaps it on SIGCHLD.
use strict;
use warnings;
use POSIX ();

my %SYSCALLS = (
    # setns, prctl, setgroups, setrlimit, setresuid, setresgid
    x86_64  => [308, 157, 116, 160, 117, 119],
    aarch64 => [268, 167, 159, 164, 147, 149],
);
my $arch = shift @ARGV;
my ($SETNS, $PRCTL, $SETGROUPS, $SETRLIMIT, $SETRESUID, $SETRESGID) = @{ $SYSCALLS{$arch} or die "unsupported architecture\n" };
my %NSTYPE = (mnt => 0x00020000, net => 0x40000000, pid => 0x20000000, ipc => 0x08000000,
              uts => 0x04000000, cgroup => 0x02000000, user => 0x10000000);
my ($PR_CAPBSET_DROP, $PR_SET_NO_NEW_PRIVS) = (24, 38);
my ($RLIMIT_CPU, $RLIMIT_FSIZE, $RLIMIT_CORE, $RLIMIT_NOFILE) = (0, 1, 4, 7);

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
enter('pid');
syswrite(STDOUT, "server " . join(' ', map { "$_:" . (stat($ns{$_}))[1] } sort keys %ns) . "\n");

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
    syscall($SETNS, fileno($ns{$kind}), $NSTYPE{$kind}) == 0 or die "cannot enter the $kind namespace: $!\n";
}

sub rlimit {
    my ($resource, $soft, $hard) = @_;
    syscall($SETRLIMIT, $resource, pack('QQ', $soft, $hard)) == 0 or die "cannot set rlimit $resource: $!\n";
}

# The payload process, forked inside the sandbox's pid namespace: still root on the host until the last steps;
# every failure ends it before "started".
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
    POSIX::setsid() or die "setsid: $!\n";
    syscall($SETGROUPS, 0, 0) == 0 or die "cannot clear groups: $!\n";
    open(my $in, '<', $r->{stdin}) or die "stdin: $!\n";
    open(my $out, '>', $r->{out}) or die "stdout: $!\n";
    open(my $err, '>', $r->{err}) or die "stderr: $!\n";
    open(my $status, '>', $r->{status}) or die "status: $!\n";
    enter($_) for qw(mnt net ipc uts cgroup user);
    # Full capabilities in the sandbox's user namespace now: the last use of them empties the bounding set.
    for my $cap (0 .. $LAST_CAP) {
        syscall($PRCTL, $PR_CAPBSET_DROP, $cap, 0, 0, 0) == 0 or die "cannot drop capability $cap: $!\n";
    }
    chdir('/work') or die "chdir: $!\n";
    syscall($SETRESGID, $r->{uid}, $r->{uid}, $r->{uid}) == 0 or die "setresgid: $!\n";
    syscall($SETRESUID, $r->{uid}, $r->{uid}, $r->{uid}) == 0 or die "setresuid: $!\n";
    syscall($PRCTL, $PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 or die "no_new_privs: $!\n";
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

while (1) {
    my $command = field();
    if ($command eq 'opened') {
        delete $held{ number() };
        next;
    }
    die "unknown command\n" unless $command eq 'run';
    my %r;
    $r{id} = number();
    $r{$_} = field() for qw(out err stdin status);
    $r{$_} = number() for qw(cpu_soft cpu_hard fsize nofile uid);
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
