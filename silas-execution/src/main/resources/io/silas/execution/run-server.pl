# Silas sandbox run server. Runs as root on the host, outside the sandbox, one per persistent sandbox; only the
# JVM talks to it (its stdin). It holds the sandbox's pinned namespaces and starts each run's payload directly,
# argv only (never a shell), in exactly the state the payload would reach through
#   shim (cgroups, rlimits) -> setsid -> setpriv --clear-groups --no-new-privs -> nsenter --setuid --setgid.
# Arguments: the architecture, then kind=path for each namespace handle.
# Requests on stdin are NUL-terminated fields:
#   run ID OUT_FIFO ERR_FIFO STDIN_FILE STATUS_FILE CPU_SOFT CPU_HARD FSIZE NOFILE UID
#       NCGROUPS CGROUP_PROCS... NENV NAME=VALUE... NARGV ARGV...
#   opened ID        (the JVM has opened the run's output fifos)
# Replies on stdout, one line each: first "server KIND:INODE..." (the namespaces it holds), then per run
# "ready ID" (its fifos exist and are held open until "opened"), "failed ID" (no fifos; nothing was started)
# and "exit ID CODE" (128+N when the payload was killed by signal N; 125 when the run could not be set up).
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
my ($PR_SET_NO_NEW_PRIVS, $RLIMIT_CPU, $RLIMIT_FSIZE, $RLIMIT_CORE, $RLIMIT_NOFILE) = (38, 0, 1, 4, 7);

my %ns;
for my $arg (@ARGV) {
    my ($kind, $path) = split /=/, $arg, 2;
    die "unknown namespace $kind\n" unless defined $path && exists $NSTYPE{$kind};
    open(my $fh, '<', $path) or die "cannot open the $kind namespace: $!\n";
    $ns{$kind} = $fh;
}
die "a namespace handle is missing\n" unless keys %ns == keys %NSTYPE;
syswrite(STDOUT, "server " . join(' ', map { "$_:" . (stat($ns{$_}))[1] } sort keys %ns) . "\n");

$SIG{CHLD} = 'IGNORE';
$/ = "\0";
my %held;

sub field {
    my $f = <STDIN>;
    exit 0 unless defined $f;
    chomp $f;
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

# The payload process: still root on the host until the last steps; every failure ends it before "started".
sub payload {
    my ($r) = @_;
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

# Between fork and exec: the run's first process, outside the sandbox, waits for the payload and reports.
sub run {
    my ($r, $fifos) = @_;
    # The fifo handles stay open until the payload process has inherited them (so that neither the JVM's reader
    # nor the payload's writer open ever waits for the other); the payload's copies close at exec.
    %held = ();
    open(STDIN, '<', '/dev/null') or POSIX::_exit(0);
    $SIG{CHLD} = 'DEFAULT';
    if (!eval { enter('pid'); 1 }) {
        print STDERR "silas run server: $@";
        report("exit $r->{id} 125");
        POSIX::_exit(0);
    }
    my $pid = fork();
    if (!defined $pid) {
        report("exit $r->{id} 125");
        POSIX::_exit(0);
    }
    if ($pid == 0) {
        eval { payload($r) };
        print STDERR "silas run server: $@" if $@;
        POSIX::_exit(125);
    }
    close($_) for @$fifos;
    waitpid($pid, 0) == $pid or POSIX::_exit(0);
    my $code = ($? & 127) ? 128 + ($? & 127) : ($? >> 8);
    report("exit $r->{id} $code");
    POSIX::_exit(0);
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
    my $pid = fork();
    if (!defined $pid) {
        delete $held{ $r{id} };
        unlink($r{out}, $r{err});
        report("failed $r{id}");
        next;
    }
    run(\%r, \@fifos) if $pid == 0;
    report("ready $r{id}");
}
