#!/usr/bin/env bash
# scripts/gen-certs.sh [--ip IP[,IP...]] DIR [NAME...]
#
# Makes a private certificate authority and one certificate per name (default: node-1 ... node-8 and load),
# for TLS with client authentication on the clustered event bus (`node --tls-dir DIR --tls-name node-1`,
# `load --tls-dir DIR`, `scripts/load.sh --tls`). Uses the JDK's keytool only: nothing is downloaded.
#
# DIR gets: password (random, mode 600; every store below is locked with it), ca.p12 (the authority's key: keep it
# out of reach of the nodes), ca.pem, truststore.p12 (the authority's certificate only), and NAME.p12 per name
# (its key and its certificate signed by the authority, valid for 127.0.0.1 and localhost, two years).
# --ip adds addresses every certificate is valid for, e.g. the hosts of a bank across machines
# (scripts/hosts.sh --tls passes its hosts' addresses). The password is read by keytool from the file: it
# never appears on a command line.
set -euo pipefail

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  [ $# -ge 1 ] && exit 0 || exit 2
fi
san="ip:127.0.0.1,dns:localhost"
if [ "$1" = "--ip" ]; then
  [ $# -ge 3 ] || { echo "gen-certs.sh: --ip needs a list of addresses and then DIR" >&2; exit 2; }
  IFS=',' read -r -a ips <<< "$2"
  for ip in "${ips[@]}"; do
    [[ "$ip" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || { echo "gen-certs.sh: --ip: '$ip' is not an IPv4 address" >&2; exit 2; }
    san="$san,ip:$ip"
  done
  shift 2
fi
dir="$1"
shift
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(node-1 node-2 node-3 node-4 node-5 node-6 node-7 node-8 load)
for name in "${names[@]}"; do
  [[ "$name" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || { echo "gen-certs.sh: bad name '$name' (letters, digits, . _ -)" >&2; exit 2; }
done
if [ -e "$dir/ca.p12" ]; then
  echo "gen-certs.sh: $dir already holds an authority (ca.p12); choose another directory" >&2
  exit 2
fi
command -v keytool > /dev/null || { echo "gen-certs.sh: keytool (from the JDK) is needed" >&2; exit 2; }

umask 077
mkdir -p "$dir"
pw="$dir/password"
head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$pw"
store=(-storetype PKCS12 -storepass:file "$pw")

keytool -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=bankbus test CA" -validity 730 \
  -ext bc:c -ext ku:c=keyCertSign,cRLSign -keystore "$dir/ca.p12" "${store[@]}" 2> /dev/null
keytool -exportcert -rfc -alias ca -keystore "$dir/ca.p12" "${store[@]}" -file "$dir/ca.pem" 2> /dev/null
keytool -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$dir/truststore.p12" "${store[@]}" 2> /dev/null

for name in "${names[@]}"; do
  ks="$dir/$name.p12"
  keytool -genkeypair -alias "$name" -keyalg EC -groupname secp256r1 -dname "CN=$name" -validity 730 \
    -keystore "$ks" "${store[@]}" 2> /dev/null
  keytool -certreq -alias "$name" -keystore "$ks" "${store[@]}" 2> /dev/null \
    | keytool -gencert -rfc -alias ca -keystore "$dir/ca.p12" "${store[@]}" -validity 730 \
        -ext "san=$san" -ext ku:c=digitalSignature -ext eku=serverAuth,clientAuth \
        -outfile "$dir/$name.pem" 2> /dev/null
  keytool -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$ks" "${store[@]}" 2> /dev/null
  keytool -importcert -noprompt -alias "$name" -file "$dir/$name.pem" -keystore "$ks" "${store[@]}" 2> /dev/null
  rm -f "$dir/$name.pem"
done
echo "Certificates in $dir: authority ca.p12 (keep it away from the nodes), truststore.p12, ${names[*]/%/.p12}; password in $dir/password"
