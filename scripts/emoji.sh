#!/usr/bin/env bash
# Installs a real colour image set for folder:DIR: Google's Noto emoji, 64x64 RGBA PNGs from the
# npm package emoji-datasource-google 16.0.0 (package MIT; the Noto emoji images Apache-2.0).
# Lays them out one subfolder per emoji category (DIR/<category>/<short_name>.png), base emoji
# only: skin-tone variants are near-copies that would leak between the train and test splits.
# Usage: scripts/emoji.sh [DIR]   (default data/emoji)
# Then:  ./pixelcnn train --dataset folder:DIR --resize 32 ...
set -euo pipefail
dir=${1:-data/emoji}
version=16.0.0
if [ -d "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
  echo "$dir exists and is not empty; remove it or name another folder" >&2
  exit 2
fi
need=()
command -v npm >/dev/null || need+=(npm)
command -v jq >/dev/null || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "needs ${need[*]}: sudo apt-get install ${need[*]}" >&2
    exit 2
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "emoji-datasource-google@$version" >/dev/null)
tar -xzf "$work/emoji-datasource-google-$version.tgz" -C "$work" package/emoji.json package/LICENSE package/img/google/64
mkdir -p "$dir"
# category<TAB>short_name<TAB>image; the Component category (5 skin-tone swatches) is left out.
jq -r '.[] | select(.has_img_google and .category != "Component")
       | [(.category | ascii_downcase | gsub("[^a-z]+"; "-")), .short_name, .image] | @tsv' \
   "$work/package/emoji.json" |
while IFS=$'\t' read -r category name image; do
  mkdir -p "$dir/$category"
  cp "$work/package/img/google/64/$image" "$dir/$category/$name.png"
done
cp "$work/package/LICENSE" "$dir/.LICENSE-emoji-datasource"
cat > "$dir/.SOURCE" <<TEXT
Noto emoji images (Apache License 2.0, Google), 64x64 RGBA PNG, from the npm package
emoji-datasource-google $version (MIT). Laid out by scripts/emoji.sh: one folder per category.
TEXT
echo "$(find "$dir" -name '*.png' | wc -l) emoji in $(find "$dir" -mindepth 1 -type d | wc -l) categories under $dir"
