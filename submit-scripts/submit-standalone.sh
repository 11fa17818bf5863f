#!/usr/bin/env bash
# Train on a Spark standalone cluster (client mode: the driver runs here and prints the result).
#   SPARK_HOME=/opt/spark submit-scripts/submit-standalone.sh spark://master:7077 \
#       conf/fashion-mnist.properties [--set key=value ...]
# Executors cache the training blocks in memory (about 3.2 KB per Fashion-MNIST row): give them
# EXECUTOR_MEMORY (default 2g) and EXECUTOR_CORES cores each (default 1); TOTAL_CORES caps the
# application (default: all the cluster offers). Data paths must be readable from every
# executor (HDFS, S3, or a directory shared by all machines).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
master="${1:?usage: submit-standalone.sh spark://HOST:PORT CONF [--set key=value ...]}"
conf="${2:?usage: submit-standalone.sh spark://HOST:PORT CONF [--set key=value ...]}"
shift 2
"$here/build"
cores=()
[ -n "${TOTAL_CORES:-}" ] && cores=(--total-executor-cores "$TOTAL_CORES")
exec "$here/spark-submit-java" --master "$master" --deploy-mode client \
  --executor-memory "${EXECUTOR_MEMORY:-2g}" --executor-cores "${EXECUTOR_CORES:-1}" \
  "${cores[@]}" \
  --driver-java-options "-Dlog4j.configurationFile=$root/conf/log4j2.properties" \
  --class org.minibatch.cli.Main "$root/target/minibatch-0.1.0-SNAPSHOT-app.jar" \
  train --conf "$conf" --set spark.master="$master" "$@"
