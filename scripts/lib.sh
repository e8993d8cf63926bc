# Shared by the scripts in this folder: sourced, not run.

# ensure_jar ROOT: builds ROOT/target/bankbus.jar if it is missing (Java 17 and Maven are all it needs).
ensure_jar() {
  if [ ! -f "$1/target/bankbus.jar" ]; then
    echo "target/bankbus.jar is missing: building it (mvn -B -q package -DskipTests)..." >&2
    (cd "$1" && mvn -B -q package -DskipTests)
  fi
}
