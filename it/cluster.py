"""A real Spark standalone cluster on 127.0.0.1 for the integration tests.

The stock Spark 4.2 distribution is the one pip installs with pyspark (bin/spark-class,
bin/spark-submit, jars/): SPARK_HOME is the pyspark package directory. The cluster is one master
and N workers, each a JVM started with `spark-class` in its own session, with its own work and
local directories under a temporary base directory. Executors are children of their worker's
JVM and stay in its session; spark-submit drivers get a session of their own. Every session the
cluster starts is remembered, so stop() can kill them all (also after a failed test) and
leftover_processes() can prove that nothing survived.
"""
import importlib.util
import json
import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.request

SPARK_HOME = pathlib.Path(importlib.util.find_spec("pyspark").origin).parent

# Master and worker logs: INFO to their log files; drivers: WARN, plus notepath's own progress.
LOG4J2 = """\
rootLogger.level = {level}
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = %d{{HH:mm:ss.SSS}} %p %c{{1}}: %m%n
logger.notepath.name = io.notepath
logger.notepath.level = INFO
"""


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout, what, interval=0.25):
    """Polls condition() until it returns something truthy; returns it, or fails after timeout s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value

        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")

        time.sleep(interval)


def http_json(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def proc_stat(pid):
    """(state, ppid, session id) of a process from /proc/PID/stat, or None if it is gone."""
    try:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None

    # The command name (2nd field) is in parentheses and may contain spaces.
    fields = stat[stat.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[3])


def cmdline(pid):
    try:
        raw = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes()
        return raw.decode(errors="replace").split("\0")
    except (FileNotFoundError, ProcessLookupError):
        return []


def all_pids():
    return [int(p.name) for p in pathlib.Path("/proc").iterdir() if p.name.isdigit()]


def is_alive(pid):
    """True while the process exists and is not a zombie waiting to be reaped."""
    stat = proc_stat(pid)
    return stat is not None and stat[0] != "Z"


class StandaloneCluster:
    """One master and `workers` workers (each `cores` cores, `memory` of executor memory)."""

    def __init__(self, base_dir, workers=2, cores=1, memory="1g", worker_env=None,
                 jvm_options=""):
        self.base = pathlib.Path(base_dir)
        self.jvm_options = jvm_options  # of the master, workers, drivers and executors
        self.worker_env = dict(worker_env or {})  # e.g. TZ; executors inherit their worker's
        self.workers = workers
        self.cores = cores
        self.memory = memory
        self.master_port = free_port()
        self.master_ui_port = free_port()
        self.master_url = f"spark://127.0.0.1:{self.master_port}"
        self.master_json_url = f"http://127.0.0.1:{self.master_ui_port}/json/"
        self.worker_procs = []
        self.master_proc = None
        self.sessions = set()
        self._ready = False
        self._procs = []
        self._open_logs = []

    # -- processes ---------------------------------------------------------------------------

    def env(self, conf_dir=None, **extra):
        """The environment of every process the cluster starts."""
        env = dict(os.environ)
        env.update(
            SPARK_HOME=str(SPARK_HOME),
            SPARK_LOCAL_IP="127.0.0.1",  # RPC and web UIs bind to loopback only
            SPARK_CONF_DIR=str(conf_dir or self.base / "conf"),
            SPARK_NO_DAEMONIZE="1",
            SPARK_DAEMON_MEMORY="512m",
            SPARK_DAEMON_JAVA_OPTS=self.jvm_options,
        )
        env.update(extra)
        return env

    def spawn(self, argv, log_name, env, cwd=None):
        """Starts argv in a new session (its own process group), output to base/logs/log_name."""
        log = open(self.base / "logs" / log_name, "ab")
        self._open_logs.append(log)
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, cwd=cwd or self.base,
                                start_new_session=True)
        self.sessions.add(proc.pid)
        self._procs.append(proc)
        return proc

    def start(self, wait=True):
        """Starts the master and the workers; with wait, waits until every worker has registered.

        Without wait the JVMs start while the caller does something else (wait_ready() comes
        before any submission); a worker that finds no master yet retries within 5-15 s."""
        for d in ("logs", "conf", "driver-conf"):
            (self.base / d).mkdir(parents=True, exist_ok=True)

        (self.base / "conf" / "log4j2.properties").write_text(LOG4J2.format(level="INFO"))
        (self.base / "driver-conf" / "log4j2.properties").write_text(LOG4J2.format(level="WARN"))
        spark_class = str(SPARK_HOME / "bin" / "spark-class")
        # No REST submission server: it would take the fixed port 6066.
        master_env = self.env(SPARK_MASTER_OPTS="-Dspark.master.rest.enabled=false")
        self.master_proc = self.spawn(
            [spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
             "--port", str(self.master_port), "--webui-port", str(self.master_ui_port)],
            "master.log", master_env)
        for i in range(self.workers):
            work = self.base / f"worker-{i}" / "work"
            local = self.base / f"worker-{i}" / "local"
            work.mkdir(parents=True)
            local.mkdir(parents=True)
            worker_env = self.env(SPARK_WORKER_DIR=str(work), SPARK_LOCAL_DIRS=str(local),
                                  **self.worker_env)
            self.worker_procs.append(self.spawn(
                [spark_class, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                 "-c", str(self.cores), "-m", self.memory, "--webui-port", str(free_port()),
                 self.master_url],
                f"worker-{i}.log", worker_env))

        if wait:
            self.wait_ready()

        return self

    def wait_ready(self, timeout=120):
        """Waits until the master is alive and every worker has registered with it."""
        if not self._ready:
            wait_until(self._all_registered, timeout,
                       f"the master and {self.workers} registered workers")
            self._ready = True

    def _all_registered(self):
        for proc, name in [(self.master_proc, "master"),
                           *[(w, f"worker-{i}") for i, w in enumerate(self.worker_procs)]]:
            if proc.poll() is not None:
                raise RuntimeError(f"the {name} exited with {proc.returncode}:\n"
                                   + self.log_tail(f"{name}.log"))

        try:
            state = self.state()
        except (OSError, ValueError):
            # Not up yet: refused, or (seen on a loaded machine) an empty body while it starts.
            return False

        return state["status"] == "ALIVE" and state["aliveworkers"] == self.workers

    def state(self):
        """The master's JSON view: workers, aliveworkers, activeapps, completedapps, ..."""
        return http_json(self.master_json_url)

    def log_tail(self, name, chars=4000):
        path = self.base / "logs" / name
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    # -- spark-submit ------------------------------------------------------------------------

    def submit(self, jar, main_class, app_args, log_name, conf=(), options=(),
               deploy_mode="client", env=None):
        """Starts `spark-submit ... jar app_args` against this cluster; returns a Submission.

        The driver gets 1 GB and its web UI a free port, the executors the cluster's JVM
        options (the driver's come with the caller's --driver-java-options); conf is a
        sequence of "key=value" Spark settings, options further spark-submit options, env extra
        environment variables of spark-submit.
        """
        argv = [str(SPARK_HOME / "bin" / "spark-submit"), "--master", self.master_url,
                "--deploy-mode", deploy_mode, "--class", main_class, "--driver-memory", "1g",
                "--conf", f"spark.ui.port={free_port()}",
                "--conf", f"spark.executor.extraJavaOptions={self.jvm_options}", *options]
        for c in conf:
            argv += ["--conf", c]

        proc = self.start_driver([*argv, str(jar), *app_args], log_name, env)
        return Submission(self, proc, log_name)

    def start_driver(self, argv, log_name, env=None):
        """Starts a driver-side command (spark-submit, bin/notepath) in its own session, once the
        cluster is ready. Client-mode drivers get the cluster's JVM options (SPARK_SUBMIT_OPTS)."""
        self.wait_ready()
        env = self.env(conf_dir=self.base / "driver-conf", SPARK_SUBMIT_OPTS=self.jvm_options,
                       **(env or {}))
        return self.spawn(argv, log_name, env)

    # -- executors ---------------------------------------------------------------------------

    def executor_pids(self, worker):
        """Pids of the live executor JVMs that worker number `worker` has launched."""
        parent = self.worker_procs[worker].pid
        return [pid for pid in all_pids()
                if (stat := proc_stat(pid)) and stat[1] == parent and stat[0] != "Z"
                and "org.apache.spark.executor.CoarseGrainedExecutorBackend" in cmdline(pid)]

    # -- teardown ----------------------------------------------------------------------------

    def kill_session(self, sid, grace=5.0):
        """SIGTERM to every process of a session, then SIGKILL to whatever is left after grace s."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            pids = self.processes_of({sid})
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass

            if sig == signal.SIGTERM and pids:
                deadline = time.monotonic() + grace
                while self.processes_of({sid}) and time.monotonic() < deadline:
                    time.sleep(0.1)

    @staticmethod
    def processes_of(sessions):
        """Live (non-zombie) processes whose session is one of `sessions`."""
        return [pid for pid in all_pids()
                if (stat := proc_stat(pid)) and stat[2] in sessions and stat[0] != "Z"]

    def leftover_processes(self):
        return self.processes_of(self.sessions)

    def stop(self):
        """Kills drivers first, then workers (and their executors), then the master."""
        workers = {p.pid for p in self.worker_procs}
        master = {self.master_proc.pid} if self.master_proc else set()
        drivers = self.sessions - workers - master
        for group in (drivers, workers, master):
            for sid in group:
                self.kill_session(sid)

        for proc in self._procs:
            try:
                proc.wait(timeout=5)  # reaps it
            except subprocess.TimeoutExpired:
                pass

        for log in self._open_logs:
            log.close()


class Submission:
    """A running spark-submit: its process and its output."""

    def __init__(self, cluster, proc, log_name):
        self.cluster = cluster
        self.proc = proc
        self.log_name = log_name

    def output(self):
        return (self.cluster.base / "logs" / self.log_name).read_text(errors="replace")

    def wait(self, timeout=240):
        """Waits for spark-submit to exit; returns its exit code. Kills it after timeout s."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.cluster.kill_session(self.proc.pid)
            raise AssertionError(f"spark-submit did not finish in {timeout} s:\n"
                                 + self.output()[-4000:]) from None

    def running(self):
        return self.proc.poll() is None
