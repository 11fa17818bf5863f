#!/usr/bin/env bash
# Train on Kubernetes in cluster mode with the job image of docker/Dockerfile (application jar
# at /opt/minibatch/lib/minibatch-app.jar, configs in /opt/minibatch/conf).
#   SPARK_HOME=/opt/spark submit-scripts/submit-k8s.sh https://k8s-api:6443 \
#       /opt/minibatch/conf/fashion-mnist.properties --set run.dir=s3a://bucket/runs/fm
# IMAGE (default minibatch:0.1.0), NAMESPACE (default), SERVICE_ACCOUNT (spark),
# NUM_EXECUTORS (2), EXECUTOR_CORES (2), EXECUTOR_MEMORY (4g). The config path is inside the
# image; data and run.dir must be reachable from the pods (S3, HDFS, a mounted volume).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
api="${1:?usage: submit-k8s.sh https://K8S_API CONF_IN_IMAGE [--set key=value ...]}"
conf="${2:?usage: submit-k8s.sh https://K8S_API CONF_IN_IMAGE [--set key=value ...]}"
shift 2
exec "$here/spark-submit-java" --master "k8s://$api" --deploy-mode cluster \
  --name minibatch-train \
  --conf spark.kubernetes.container.image="${IMAGE:-minibatch:0.1.0}" \
  --conf spark.kubernetes.namespace="${NAMESPACE:-default}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${SERVICE_ACCOUNT:-spark}" \
  --conf spark.executor.instances="${NUM_EXECUTORS:-2}" \
  --conf spark.executor.cores="${EXECUTOR_CORES:-2}" \
  --conf spark.executor.memory="${EXECUTOR_MEMORY:-4g}" \
  --conf spark.kubernetes.driverEnv.OPENBLAS_NUM_THREADS=1 \
  --conf spark.driver.extraJavaOptions=-Dlog4j.configurationFile=/opt/minibatch/conf/log4j2.properties \
  --class org.minibatch.cli.Main local:///opt/minibatch/lib/minibatch-app.jar \
  train --conf "$conf" --set spark.master="k8s://$api" "$@"
