#!/usr/bin/env bash
# The model-ladder accuracy table: trains each of the curriculum's six models on Fashion-MNIST with the same
# hyperparameters in Nabla (the nabla CLI) and in PyTorch (bench/reference/ladder.py), and prints a markdown row
# per model. Needs the Debian packages dataset-fashion-mnist, python3-torch and libopenblas0-pthread.
# usage: bench/ladder.sh [EPOCHS] [BATCH] [THREADS] [MODELS...]
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-5}; batch=${2:-32}; threads=${3:-1}; shift $(( $# < 3 ? $# : 3 ))
models=("${@:-lr mlp lenet5 cnn_cpcpfd cnn_cpcpff cnn_cf}")
dotnet build -c Release src/Nabla.Cli >/dev/null
cli=src/Nabla.Cli/bin/Release/net10.0/Nabla.Cli
echo "| model | Nabla test acc | PyTorch test acc | difference (points) | Nabla train s | PyTorch train s |"
echo "|---|---:|---:|---:|---:|---:|"
for m in ${models[@]}; do
  nabla=$("$cli" train "$m" --dataset fashion-mnist --epochs "$epochs" --batch-size "$batch" --threads "$threads" | grep '^test')
  nacc=$(sed -E 's/.*test accuracy ([0-9.]+).*/\1/' <<<"$nabla")
  ns=$(sed -E 's/.*trained in ([0-9.]+) s.*/\1/' <<<"$nabla")
  torch=$(cd bench/reference && /usr/bin/python3 ladder.py "$m" --epochs "$epochs" --batch-size "$batch" --threads "$threads")
  tacc=$(/usr/bin/python3 -c "import json,sys; print(json.loads(sys.argv[1])['test_accuracy'])" "$torch")
  ts=$(/usr/bin/python3 -c "import json,sys; print(round(json.loads(sys.argv[1])['train_s'], 1))" "$torch")
  diff=$(/usr/bin/python3 -c "print(f'{100 * ($nacc - $tacc):+.2f}')")
  echo "| $m | $nacc | $tacc | $diff | $ns | $ts |"
done
