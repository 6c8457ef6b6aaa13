#!/usr/bin/env bash
# Prints a deploy template with its ${Placeholder}s replaced by environment variables of the same name, e.g.
#   AccountId="$ACCOUNT_ID" Region=eu-west-1 ... deploy/emr/render.sh deploy/emr/iam/ingest-policy.json
# Fails, listing every variable that is missing, rather than print a half-rendered document. Only names that
# start with an upper-case letter are placeholders: IAM policy variables such as ${aws:username} pass through.
set -euo pipefail

template="${1:?usage: render.sh <template-file>}"
[[ -f "${template}" ]] || { echo "render.sh: no such file: ${template}" >&2; exit 2; }

content="$(cat "${template}")"
# shellcheck disable=SC2016 # the patterns match a literal '${'; nothing is meant to expand
mapfile -t names < <(grep -o '\${[A-Z][A-Za-z0-9]*}' "${template}" | sed 's/^\${\(.*\)}$/\1/' | sort -u)
missing=()
for name in "${names[@]}"; do
  if [[ -z "${!name:-}" ]]; then
    missing+=("${name}")
    continue
  fi
  content="${content//"\${${name}}"/${!name}}"
done

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "render.sh: ${template} needs these variables set: ${missing[*]}" >&2
  exit 2
fi
printf '%s\n' "${content}"
