#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 from the jars the launcher already has (spark-cli/target/lib and
# descent-spark.jar, made by `mvn -pl spark-cli -am package` or the first `descent train --spark`):
#   spark-cli/spark-cluster.sh start [WORKERS [CORES [MEMORY_MB]]]   a Master and WORKERS Workers (default 2 1 1024);
#                                                                     prints the master URL, spark://127.0.0.1:PORT
#   spark-cli/spark-cluster.sh stop                                   stops the executors, the Workers and the Master
# Environment: SPARK_MASTER_PORT (default 7077); DESCENT_CLUSTER_DIR, where the logs, pids, work directories and
# the Spark home live (default ${TMPDIR:-/tmp}/descent-cluster); DESCENT_SPARK_CP, the class path of the Master
# and Workers (default the launcher's). Everything binds to 127.0.0.1 only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${DESCENT_CLUSTER_DIR:-${TMPDIR:-/tmp}/descent-cluster}"
port="${SPARK_MASTER_PORT:-7077}"
cp="${DESCENT_SPARK_CP:-$root/spark-cli/target/descent-spark.jar:$root/spark-cli/target/lib/*}"
# The flags of Spark's own launcher on Java 17, as in the descent script.
flags="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"

die() { echo "spark-cluster.sh: $*" >&2; exit 1; }

# A Worker launches executor JVMs with SPARK_HOME/jars/* as their class path and takes the Scala version from
# launcher/target/scala-2.13, so the home links the class path's jars (class directories reach the executors
# through spark.executor.extraClassPath, which descent sets for masters on 127.0.0.1).
make_home() {
  local home="$dir/home" entry jar
  rm -rf "$home"
  mkdir -p "$home/jars" "$home/launcher/target/scala-2.13"
  IFS=':' read -r -a entries <<< "$cp"
  for entry in "${entries[@]}"; do
    for jar in $entry; do # a trailing /* expands here
      if [ -f "$jar" ] && [[ "$jar" == *.jar ]] && [ ! -e "$home/jars/$(basename "$jar")" ]; then
        ln -s "$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")" "$home/jars/$(basename "$jar")"
      fi
    done
  done
  ls "$home/jars" | grep -q '^spark-core' || die "no Spark jars on the class path $cp (build them: mvn -q -DskipTests -pl spark-cli -am package)"
}

# NAME MAINCLASS ARGS...: starts a JVM in the background, its pid in DIR/NAME.pid, its log in DIR/NAME.log, at
# Spark's default INFO level (the class path's log4j2.properties is the command's, at WARN): a daemon's log is a file.
launch() {
  local name="$1"; shift
  SPARK_HOME="$dir/home" SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" \
    nohup java -Xmx256m $flags -Dlog4j2.configurationFile=org/apache/spark/log4j2-defaults.properties -cp "$cp" "$@" > "$dir/$name.log" 2>&1 < /dev/null &
  echo $! > "$dir/$name.pid"
}

stop_pid() { # kills the JVM of a pid file and, first, its child processes (a Worker's executors)
  local file="$1" pid child
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null || true); do kill -9 "$child" 2>/dev/null || true; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
}

case "${1:-}" in
  start)
    workers="${2:-2}" cores="${3:-1}" memory="${4:-1024}"
    mkdir -p "$dir/work"
    [ -f "$dir/master.pid" ] && kill -0 "$(cat "$dir/master.pid")" 2>/dev/null && die "a cluster already runs from $dir (stop it first)"
    make_home
    launch master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0
    for _ in $(seq 1 300); do # up to 60 s for the Master to listen
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
      kill -0 "$(cat "$dir/master.pid")" 2>/dev/null || die "the Master exited; see $dir/master.log"
      sleep 0.2
    done
    for i in $(seq 1 "$workers"); do
      launch "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
        --cores "$cores" --memory "${memory}m" --work-dir "$dir/work" "spark://127.0.0.1:$port"
    done
    for i in $(seq 1 "$workers"); do # up to 60 s for each Worker to register
      for _ in $(seq 1 300); do
        grep -q 'Successfully registered with master' "$dir/worker-$i.log" 2>/dev/null && break
        kill -0 "$(cat "$dir/worker-$i.pid")" 2>/dev/null || die "Worker $i exited; see $dir/worker-$i.log"
        sleep 0.2
      done
      grep -q 'Successfully registered with master' "$dir/worker-$i.log" || die "Worker $i did not register in 60 s; see $dir/worker-$i.log"
    done
    echo "spark://127.0.0.1:$port"
    ;;
  stop)
    for f in "$dir"/worker-*.pid; do stop_pid "$f"; done
    stop_pid "$dir/master.pid"
    ;;
  *)
    echo "usage: spark-cli/spark-cluster.sh start [WORKERS [CORES [MEMORY_MB]]] | stop" >&2
    exit 2
    ;;
esac
