#!/usr/bin/env bash
# Installs every Debian 12 package Dendron needs to build and test. Idempotent;
# run as root (or with sudo available) on a fresh Debian 12 (bookworm) machine.
set -euo pipefail

packages=(
  # Build tooling.
  build-essential cmake ninja-build git pkg-config clang-format
  # Compiler infrastructure: LLVM/MLIR 19. libmlir-19-dev does not pull in
  # the tools and LLVM headers it needs, so they are named explicitly.
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools
  # Libraries.
  nlohmann-json3-dev libfmt-dev libgtest-dev libgmock-dev libhdf5-dev zlib1g-dev libzstd-dev
  libedit-dev libcurl4-openssl-dev libxml2-dev
  # Test helpers: lit runs with Python 3; h5py checks recordings independently.
  python3 python3-h5py python3-numpy
  # The NIR reader's libFuzzer target (-fsanitize=fuzzer,address).
  clang-19 libclang-rt-19-dev
  # Hardware targets: Verilator co-simulation (SFQ and FPGA), and the iCE40
  # flow (yosys synthesis, nextpnr-ice40 place and route, icepack).
  verilator yosys nextpnr-ice40 fpga-icestorm
)

apt_opts=(-y -q -o DPkg::Lock::Timeout=900)
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 update -q
"${sudo_cmd[@]}" apt-get install "${apt_opts[@]}" --no-install-recommends "${missing[@]}"
echo "install-deps: done"
