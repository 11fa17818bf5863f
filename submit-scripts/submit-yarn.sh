#!/usr/bin/env bash
# Train on YARN in cluster mode: the driver runs in the cluster; the config file travels with
# the job (--files) and is read from the driver's working directory.
#   SPARK_HOME=/opt/spark HADOOP_CONF_DIR=/etc/hadoop/conf submit-scripts/submit-yarn.sh \
#       conf/fashion-mnist.properties --set data.train=hdfs:///data/fm/train-images-idx3-ubyte.gz \
#       --set data.test=hdfs:///data/fm/t10k-images-idx3-ubyte.gz --set run.dir=hdfs:///runs/fm
# NUM_EXECUTORS (default 2), EXECUTOR_CORES (2), EXECUTOR_MEMORY (4g: the cached blocks live in
# executor memory) size the job. Data and run.dir must be cluster paths (HDFS, S3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
conf="${1:?usage: submit-yarn.sh CONF [--set key=value ...]}"
shift
"$here/build"
exec "$here/spark-submit-java" --master yarn --deploy-mode cluster \
  --num-executors "${NUM_EXECUTORS:-2}" --executor-cores "${EXECUTOR_CORES:-2}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" --driver-memory "${DRIVER_MEMORY:-4g}" \
  --files "$conf,$root/conf/log4j2.properties" \
  --conf spark.driver.extraJavaOptions=-Dlog4j.configurationFile=log4j2.properties \
  --conf spark.yarn.appMasterEnv.OPENBLAS_NUM_THREADS=1 \
  --class org.minibatch.cli.Main "$root/target/minibatch-0.1.0-SNAPSHOT-app.jar" \
  train --conf "$(basename "$conf")" --set spark.master=yarn "$@"
