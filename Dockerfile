# The finstream job image for the Flink Kubernetes Operator (k8s/flinkdeployment.yaml).
# Build the cluster jar (Flink runtime provided) first, then the image:
#
#   mvn -Pcluster -DskipTests package
#   docker build -t REGISTRY/finstream:0.1.0 .
ARG FLINK_IMAGE=flink:2.2.1-java17
FROM ${FLINK_IMAGE}
COPY --chown=flink:flink target/finstream-0.1.0-SNAPSHOT.jar /opt/flink/usrlib/finstream.jar
