#!/usr/bin/python3
"""The benchmark's PyTorch reference: the same Gated PixelCNN as the Java code, timed the same way.

The architecture follows van den Oord et al. 2016 (arXiv 1606.05328) as built in
src/main/java/io/github/pixelcnn/nn/GatedLayer.java, OutputHead.java and model/GatedPixelCNN.java:

  vertical stack    (k/2+1) x k conv over the rows above, made causal by padding
                    (left k/2, right k/2, top k/2, bottom 0); the first layer uses a
                    (k/2) x k kernel and crops the last input row (bottom -1)
  horizontal stack  1 x (k/2+1) conv anchored at its last column, padding (left k/2);
                    mask A (anchor tap zero) in the first layer, B (all ones for gray) after
  link              1x1 conv of the vertical conv output (2C) into the horizontal gate input
  gates             tanh(f) * sigmoid(g) on both stacks, plus V^T h for conditional models
  output            1x1 conv C -> [residual C | skip C]; residual + input except in layer 0
  head              relu -> 1x1 (head) -> relu -> 1x1 (levels * colours) on the sum of skips

Training steps do what the Java trainer does: forward, mean nats, backward, the loss read back,
the global gradient norm read back, and an Adam step. Inputs are uniform random bytes.

  /usr/bin/python3 bench/pytorch_reference.py [--config reference|small] [--steps N]
      [--warmup N] [--threads T] [--batch B] [--channels-last-eval] [--autocast bf16]
      [--input-encoding embed|float]
      [--compare bench.json]

--autocast bf16 runs forward passes (training and evaluation) under
torch.autocast("cpu", dtype=torch.bfloat16), PyTorch's own mixed precision: convolutions in
bf16, the loss in fp32 (the logits are cast to float before it), weights and Adam in fp32.

Run it with the same GLIBC_TUNABLES as the Java launcher for a like-for-like comparison
(see NativeAllocator.java): both engines allocate every activation with glibc malloc.
"""
import argparse
import json
import os
import platform
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    # layers, channels, first kernel, kernel, head, levels, colours, height, width, classes
    "reference": dict(layers=15, channels=64, first_kernel=7, kernel=3, head=512, levels=256,
                      colours=1, height=28, width=28, classes=0),
    "small": dict(layers=6, channels=32, first_kernel=7, kernel=3, head=128, levels=256,
                  colours=1, height=28, width=28, classes=10),
}
DISTINCT_BATCHES = 4
EVAL_WARMUP = 3
EVAL_MAX_BATCHES = 50


class MaskedConv2d(nn.Conv2d):
    """A valid convolution after padding (left, right, top, bottom); an optional fixed kernel mask."""

    def __init__(self, out_ch, in_ch, kh, kw, padding=(0, 0, 0, 0), mask=None):
        super().__init__(in_ch, out_ch, (kh, kw))
        self.pad = padding
        if mask is not None and bool((mask == 1).all()):
            mask = None
        self.register_buffer("mask", mask)

    def forward(self, x):
        if any(self.pad):
            x = F.pad(x, self.pad)  # (N, in, H+t+b, W+l+r)
        w = self.weight if self.mask is None else self.weight * self.mask
        return F.conv2d(x, w, self.bias)  # (N, out, H, W)


def horizontal_mask(out_ch, in_ch, width, mask_a):
    """Gray-image mask of a 1 x width kernel anchored at its last column: A zeroes the anchor."""
    mask = torch.ones(out_ch, in_ch, 1, width)
    if mask_a:
        mask[:, :, 0, width - 1] = 0
    return mask


class GatedLayer(nn.Module):
    def __init__(self, in_ch, channels, kernel, first):
        super().__init__()
        half = kernel // 2
        gate = 2 * channels
        self.first = first
        self.channels = channels
        if first:
            self.vertical = MaskedConv2d(gate, in_ch, half, kernel, (half, half, half, -1))
        else:
            self.vertical = MaskedConv2d(gate, in_ch, half + 1, kernel, (half, half, half, 0))
        self.horizontal = MaskedConv2d(gate, in_ch, 1, half + 1, (half, 0, 0, 0),
                                       horizontal_mask(gate, in_ch, half + 1, first))
        self.link = MaskedConv2d(gate, gate, 1, 1)
        self.output = MaskedConv2d(2 * channels, channels, 1, 1)

    @staticmethod
    def gate(x):
        f, g = x.chunk(2, dim=1)  # 2 x (N, C, H, W)
        return torch.tanh(f) * torch.sigmoid(g)

    def forward(self, v, h, cond_v, cond_h):
        v_conv = self.vertical(v)  # (N, 2C, H, W)
        v_pre = v_conv if cond_v is None else v_conv + cond_v
        v_out = self.gate(v_pre)  # (N, C, H, W)
        h_pre = self.horizontal(h) + self.link(v_conv)  # (N, 2C, H, W)
        if cond_h is not None:
            h_pre = h_pre + cond_h
        out = self.output(self.gate(h_pre))  # (N, 2C, H, W)
        residual, skip = out[:, :self.channels], out[:, self.channels:]
        h_out = residual if self.first else residual + h
        return v_out, h_out, skip


class GatedPixelCNN(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        c = cfg["channels"]
        # The Java default: a learned vector per level (and colour), C / colours wide (ModelConfig.inputChannels).
        self.embedding = nn.Embedding(cfg["levels"] * cfg["colours"], c // cfg["colours"]) \
            if cfg.get("input", "embed") == "embed" else None
        first_in = c // cfg["colours"] * cfg["colours"] if self.embedding is not None else cfg["colours"]
        self.layers = nn.ModuleList(
            GatedLayer(first_in if l == 0 else c, c,
                       cfg["first_kernel"] if l == 0 else cfg["kernel"], l == 0)
            for l in range(cfg["layers"]))
        self.hidden = MaskedConv2d(cfg["head"], c, 1, 1)
        self.logits_conv = MaskedConv2d(cfg["levels"] * cfg["colours"], cfg["head"], 1, 1)
        if cfg["classes"]:
            self.condition = nn.Parameter(
                torch.randn(cfg["layers"] * 4 * c, cfg["classes"]) * 0.01)
        else:
            self.condition = None

    def forward(self, images, cond):
        cfg = self.cfg
        n = images.shape[0]
        if self.embedding is None:
            x = images.float() * (2.0 / (cfg["levels"] - 1)) - 1.0  # (N, C, H, W)
        else:
            offsets = torch.arange(cfg["colours"]).view(1, -1, 1, 1) * cfg["levels"]
            e = self.embedding(images.long() + offsets)  # (N, C, H, W, E)
            x = e.permute(0, 4, 1, 2, 3).reshape(n, -1, cfg["height"], cfg["width"])  # (N, E*C, H, W)
        biases = None
        if cond is not None:
            biases = F.linear(cond, self.condition).view(n, cfg["layers"], 4 * cfg["channels"], 1, 1)
        v = h = x
        skip = None
        for l, layer in enumerate(self.layers):
            cond_v = cond_h = None
            if biases is not None:
                cond_v, cond_h = biases[:, l].chunk(2, dim=1)  # 2 x (N, 2C, 1, 1)
            v, h, s = layer(v, h, cond_v, cond_h)
            skip = s if skip is None else skip + s
        a = self.hidden(F.relu(skip))  # (N, head, H, W)
        out = self.logits_conv(F.relu(a))  # (N, levels*C, H, W)
        return out.view(n, cfg["levels"], cfg["colours"], cfg["height"], cfg["width"])


def random_inputs(cfg, batch, seed):
    g = torch.Generator().manual_seed(seed)
    shape = (batch, cfg["colours"], cfg["height"], cfg["width"])
    images = [torch.randint(0, cfg["levels"], shape, generator=g, dtype=torch.uint8)
              for _ in range(DISTINCT_BATCHES)]
    conds = [None] * DISTINCT_BATCHES
    if cfg["classes"]:
        conds = [F.one_hot(torch.randint(0, cfg["classes"], (batch,), generator=g),
                           cfg["classes"]).float() for _ in range(DISTINCT_BATCHES)]
    return images, conds


def nats(logits, images):
    return F.cross_entropy(logits, images.long(), reduction="none")  # (N, C, H, W)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", choices=sorted(CONFIGS), default="reference")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--compare", help="a `pixelcnn bench --json` file: print Java / PyTorch ratios")
    p.add_argument("--autocast", choices=["none", "bf16"], default="none",
                   help="run forward passes under torch.autocast('cpu', dtype=torch.bfloat16)")
    p.add_argument("--input-encoding", choices=["embed", "float"], default="embed",
                   help="the first layer's input, as `pixelcnn train --input-encoding` (default: embed)")
    p.add_argument("--channels-last-eval", action="store_true",
                   help="evaluate with channels-last weights, as the Java code does without autograd")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)
    cfg = dict(CONFIGS[args.config], input=args.input_encoding)
    model = GatedPixelCNN(cfg)
    params = [q for q in model.parameters()]
    opt = torch.optim.Adam(params, lr=1e-3)
    images, conds = random_inputs(cfg, args.batch, args.seed)

    def forward(x, c):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.autocast == "bf16"):
            logits = model(x, c)
        return logits.float()

    def train_step(i):
        x, c = images[i % DISTINCT_BATCHES], conds[i % DISTINCT_BATCHES]
        loss = nats(forward(x, c), x).mean()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        value = loss.item()
        torch.stack([q.grad.pow(2).sum() for q in params]).sum().sqrt().item()
        opt.step()
        return value

    for i in range(args.warmup):
        train_step(i)
    start = time.perf_counter()
    loss = float("nan")
    for i in range(args.steps):
        loss = train_step(args.warmup + i)
    step_s = (time.perf_counter() - start) / args.steps

    eval_batches = min(max(args.steps, EVAL_WARMUP), EVAL_MAX_BATCHES)
    if args.channels_last_eval:
        model = model.to(memory_format=torch.channels_last)
    with torch.no_grad():
        for i in range(-EVAL_WARMUP, eval_batches):
            if i == 0:
                start = time.perf_counter()
            x, c = images[(i + EVAL_WARMUP) % DISTINCT_BATCHES], conds[(i + EVAL_WARMUP) % DISTINCT_BATCHES]
            nats(forward(x, c), x).sum().item()
    eval_s = (time.perf_counter() - start) / eval_batches

    result = {
        "machine": {"cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                    "os": platform.platform(), "python": platform.python_version(),
                    "torch": torch.__version__, "glibc_tunables": os.environ.get("GLIBC_TUNABLES", ""),
                    "load_average_at_start": os.getloadavg()[0]},
        "config": dict(name=args.config, batch=args.batch, warmup_steps=args.warmup,
                       channels_last_eval=args.channels_last_eval, autocast=args.autocast,
                       timed_steps=args.steps, eval_batches=eval_batches, **cfg),
        "parameters": sum(q.numel() for q in params),
        "train_images_per_s": args.batch / step_s,
        "train_step_s": step_s,
        "final_train_bits_per_dim": loss / 0.6931471805599453,
        "eval_images_per_s": args.batch / eval_s,
        "load_average_at_end": os.getloadavg()[0],
    }
    if args.compare:
        with open(args.compare) as f:
            java = json.load(f)
        result["java"] = {
            "parameters": java["config"]["parameters"],
            "parameters_match": java["config"]["parameters"] == result["parameters"],
            "train_speedup": java["train_images_per_s"] / result["train_images_per_s"],
            "eval_speedup": java["eval_images_per_s"] / result["eval_images_per_s"],
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
