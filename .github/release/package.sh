#!/usr/bin/env bash
# Builds Plainsight for one target and packs it for a release:
#
#   .github/release/package.sh TARGET [BUILDER]
#
# writes dist/plainsight-TARGET.tar.gz (.zip on Windows) with the binary,
# the README, and a .sha256 file beside it. BUILDER is `cargo` (the default)
# or `cross` for a target the runner cannot link itself. The release
# workflow runs it for every target; .ci/run runs it for the host, so the
# steps are tried on every change, not first on release day.
set -euo pipefail
target=${1:?usage: package.sh TARGET [cargo|cross]}
builder=${2:-cargo}
cd "$(dirname "$0")/../.."
"$builder" build --release --locked --target "$target"
name=plainsight-$target
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" dist
exe=plainsight
case "$target" in *windows*) exe=plainsight.exe ;; esac
cp "target/$target/release/$exe" README.md "$stage/$name/"
case "$target" in
  *windows*)
    archive=dist/$name.zip
    (cd "$stage" && 7z a -tzip -bd "$OLDPWD/$archive" "$name" >/dev/null)
    ;;
  *)
    archive=dist/$name.tar.gz
    tar -C "$stage" -czf "$archive" "$name"
    ;;
esac
# The checksum file names the archive without its folder, as `sha256sum -c`
# run next to the download expects.
(cd dist && { sha256sum "$(basename "$archive")" 2>/dev/null || shasum -a 256 "$(basename "$archive")"; } > "$(basename "$archive").sha256")
echo "packed $archive"
