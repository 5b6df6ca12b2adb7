#!/usr/bin/env python3
"""Turns a research sheet of published runs (one metric column each) into a calibration file.

Usage: import_research.py SHEET.tsv [MORE.tsv ...] OUT.tsv
Rows whose shape or accelerator the model cannot express are left out with the reason on stderr.
"""
import csv, re, sys

COLS = ("run_id source_group source model style mlp layers hidden heads kv_heads head_dim ffn vocab seq_len experts top_k "
        "expert_ffn shared_experts dense_layers kv_lora_rank q_lora_rank rope_head_dim v_head_dim mtp_layers sliding_window "
        "sliding_layers accelerator gpus "
        "precision tp pp cp vp ep micro_batch global_batch recompute sequence_parallel zero software switches cluster metric value "
        "training_tokens notes").split()
# Multi-head latent attention as the released configs give it (DeepSeek-V3 config.json; Kimi K2 config.json): q_lora_rank,
# kv_lora_rank, query/key head width (qk_nope + qk_rope), rope part, value head width.
# DeepSeek-V2-Lite compresses only the keys and values (q_lora_rank null: 0).
LATENT = {"deepseek-v3": (1536, 512, 192, 64, 128), "kimi-k2": (1536, 512, 192, 64, 128), "deepseek-v2-lite": (0, 512, 192, 64, 128)}
# Sliding-window attention as the released configs give it (gpt-oss config.json: sliding_window 128, layer_types alternating
# sliding and full attention): the window and the layers that use it.
SLIDING = {"gpt-oss-120b": (128, 18), "gpt-oss-20b": (128, 12),
           # Mistral 7B v0.1 (config.json sliding_window 4096): every layer attends a 4,096-token window.
           "mistral-7b": (4096, 32)}
CLUSTERS = {"h100-sxm5-80gb": "dgx-h100-ndr400", "b200-sxm-192gb": "dgx-b200-ndr400", "a100-sxm4-80gb": "selene",
            "a100-sxm4-40gb": "mosaic-a100-roce", "mi300x": "amd-mi300x-400g", "mi325x": "amd-mi325x-400g", "mi355x": "amd-mi355x-400g", "h100-sxm5-96gb-500w": "grand-teton-h100-400g",
            "h800-sxm5-80gb": "deepseek-h800-ib400",
            # An HGX H200 node is an HGX H100's: eight GPUs on NVLink 4, one 400 Gb/s NIC each (MLPerf's H200 submissions).
            "h200-sxm-141gb": "dgx-h100-ndr400",
            "gb200-186gb": "gb200-nvl72", "gb300-279gb": "gb300-nvl72", "b300-sxm-288gb": "dgx-b300-xdr800"}
# Switches a recipe sets otherwise than its software's preset (SoftwareSwitches), by run-id prefix, each from the recipe's code.
# DGX Cloud's NeMo 1 launch scripts turn cuDNN's fused attention off (NVTE_FUSED_ATTN=0), so Transformer Engine runs
# FlashAttention-2 (use_flash_attention): grok1/configure.sh at 35a9aecc (v24.11) and 741c886 (v25.04), and the 340B branch of
# nemotron/configure.sh at 35a9aecc (v24.11; its 15B branch sets NVTE_FUSED_ATTN=1).
RECIPE_SWITCHES = {"dgxc2411-grok1-314b-h100": "native_attention=off", "dgxc2504-grok1-314b-h100": "native_attention=off",
                   "dgxc2411-nemotron4-340b-h100": "native_attention=off"}
# Runs whose expert dispatch sends a token over the network once per node (dedup_dispatch=on), by run-id prefix: Megatron-Bridge's
# recipes that name the flex dispatcher's DeepEP or HybridEP backend at the release's tag (DeepSeek-V3 on H100 at v0.1.0rc3,
# scripts/performance/run_script.py; on B200 at v0.4.2, configs/deepseek/deepseek_workload_base_configs.py; Qwen3-30B-A3B on 16
# H100 at v0.4.0, v0.4.2 and v0.5.0, configs/qwen/qwen3_workload_base_configs.py; the rest of the set's cross-node expert groups
# run NCCL's all-to-all), and DeepSeek-V3's own run (its report's node-limited dispatch kernels). Rows whose notes name DeepEP
# (NeMo AutoModel, Primus) get it too.
DEDUP_DISPATCH = ("mb2509-dsv3-h100", "mb260401-dsv3-b200", "mb2604-qwen3-30b-a3b-h100", "mb260401-qwen3-30b-a3b-h100",
                  "mb2606-qwen3-30b-a3b-h100", "dsv3report-")
# Production runs as their papers report them (the Llama 3 paper's, DeepSeek-V3's own), not a vendor's tuned benchmark: priced
# with the switch production=on (L2Calibration.ProductionSlowdown; docs/calibration.md, part 30).
PRODUCTION = ("llama3paper-", "dsv3report-")
SKIP_GROUPS = {"megatron-sc21-paper": "Narayanan Table 1 is already in the 2020-2023 file"}


def software(text, run_id="", source=""):
    t = text.lower()
    # TorchTitan's async TP runs the tensor-parallel collectives under their GEMMs.
    if "torchtitan" in t and ("asynctp" in run_id.lower() or "AsyncTP" in source):
        return "fsdp-async-tp"
    # NeMo AutoModel, Primus's FSDP2 recipes and AMD's FP8 benchmark run FSDP with Transformer Engine's fused attention.
    if "automodel" in t or "fsdp2 + te" in t or "fsdp + te" in t:
        return "fsdp-te"
    if "foundry" in t or "fsdp" in t or "torchtitan" in t:
        return "fsdp"
    return "megatron-core"


# Megatron-Bridge 26.06 (v0.5.0 on Megatron-Core 0.18) moved these MoE recipes to full-iteration CUDA graphs with sync-free,
# paged-stash MoE buffers and the fused grouped MLP kernel (commits bac3ffebf for Qwen3, 7a8bd64b2 for DeepSeek-V3, in
# scripts/performance/configs/); later releases keep them. DeepSeek-V3 on B300 got them only after 26.06 (PR #4458), Kimi K2
# only for 26.08, and Hopper and the dense recipes not at all. GPT-OSS 120B's GB200 and GB300 MXFP8 recipes got full-iteration
# graphs in the same weeks (PR #4173, 2026-06-09); its B300 recipes capture only attention and the router (cuda_graph_scope).
GRAPH_RELEASES = {"mbridge-perf-26.06", "mbridge-perf-26.06.01", "mbridge-perf-26.08"}
GRAPH_MODELS = ("qwen3-30b-a3b", "qwen3-235b-a22b", "deepseek-v3", "gpt-oss-120b")
GRAPH_SYSTEMS = {"gb200-186gb", "gb300-279gb", "b300-sxm-288gb"}


def full_iteration_graphs(r):
    model = r["model"].lower()
    return (r["source_group"] in GRAPH_RELEASES and model.startswith(GRAPH_MODELS) and r["accelerator"] in GRAPH_SYSTEMS
            and r["precision"] == "mxfp8" and not (model.startswith(("deepseek-v3", "gpt-oss")) and r["accelerator"] == "b300-sxm-288gb"))


# The same full-iteration MXFP8 recipes also run the attention core in FP8 (fp8_dot_product_attention True): Qwen3's
# (scripts/performance/configs/qwen/qwen3_workload_base_configs.py at v0.5.0 and v0.5.1, the full-iteration variants; perf_recipes'
# _enable_hybridep_full_iteration_mxfp8 from v0.6.0), GPT-OSS 120B's (_apply_gpt_oss_120b_full_iter_fp8mx_configs, PR #4173), and
# DeepSeek-V3's on GB300 (_enable_deepseek_full_iteration_mxfp8 called with it True, PR #3983; False on GB200).
FP8_ATTENTION_NOTE = ("attention in FP8: the full-iteration MXFP8 recipe sets fp8_dot_product_attention True (Megatron-Bridge "
                      "qwen3/gpt_oss/deepseek workload configs and perf_recipes) -> fp8_attention=on")


def fp8_attention(r):
    return full_iteration_graphs(r) and not (r["model"].lower().startswith("deepseek-v3") and r["accelerator"] != "gb300-279gb")


def main(sources, dst):
    out = []
    for r in (r for src in sources for r in csv.DictReader(open(src), delimiter="\t")):
        why = None
        notes = r["notes"].lower()
        window = next((v for k, v in SLIDING.items() if r["model"].lower().startswith(k)), None)
        if r["source_group"] in SKIP_GROUPS:
            why = SKIP_GROUPS[r["source_group"]]
        elif r["accelerator"] not in CLUSTERS:
            why = f"no profile for {r['accelerator']}"
        elif "sliding" in notes and not window:
            why = "a sliding window whose size is not recorded"
        elif "jax" in r["software"].lower():
            why = "JAX/XLA software (MaxText, Pax), which no software preset prices"
        elif "regression is a known issue" in notes:
            why = "the source marks this row as a known performance regression"
        metric, value = next(((m, r[c]) for m, c in (("tokens_per_s_per_gpu", "tokens_per_s_per_gpu"), ("mfu_pct", "mfu_pct"),
                                                    ("step_time_s", "step_time_s")) if r[c]), (None, None))
        if why is None and metric is None:
            why = "no convention-free metric"
        deg = {c: int(r[c] or 1) for c in ("tp", "pp", "cp", "ep")}
        if why is None and (int(r["gpus"]) % (deg["tp"] * deg["pp"] * deg["cp"]) or deg["ep"] * deg["pp"] > int(r["gpus"])):
            # Expert parallelism folds into a stage's tensor, context and data ranks, so ep x pp cannot exceed the GPUs.
            why = "the layout as read does not divide the GPUs (a cell misread or misprinted)"
        if why:
            print(f"skip {r['run_id']}: {why}", file=sys.stderr)
            continue
        # MLPerf's NVIDIA-stack configs capture the whole iteration in CUDA graphs (FULL_CUDA_GRAPH), as the 26.06 MoE recipes do.
        graphs = full_iteration_graphs(r) or "full_cuda_graph" in notes
        sw = "megatron-core-graphs" if graphs else software(r["software"], r["run_id"], r["source"])
        foundry = "foundry" in r["software"].lower()
        fp8 = fp8_attention(r)
        row = {c: r.get(c, "") for c in COLS}
        row.update(style="llama" if r["mlp"] == "swiglu" else "gpt", software=sw, metric=metric, value=value,
                   precision=r["precision"],
                   cluster=("mosaic-h100" if r["accelerator"].startswith("h100") else "mosaic-a100-roce") if foundry else CLUSTERS[r["accelerator"]],
                   zero="3" if sw.startswith("fsdp") else "",
                   # TorchTitan's tensor-parallel plan shards the norms' activations by sequence (SequenceParallel); FSDP alone has no TP.
                   sequence_parallel=("1" if int(r["tp"] or 1) > 1 else "0") if sw.startswith("fsdp") else "",
                   switches=",".join(s for s in (next((v for k, v in RECIPE_SWITCHES.items() if r["run_id"].startswith(k)), ""),
                                                  "fp8_attention=on" if fp8 else "",
                                                  "dedup_dispatch=on" if r["run_id"].startswith(DEDUP_DISPATCH) or "deepep" in notes else "",
                                                  # AutoModel builds its models in BF16 and trains them with torch.optim.Adam, whose
                                                  # moments take the parameters' dtype: no fp32 master copy (its _transformers/auto_model.py,
                                                  # distributed/config.py and optim/precision_warnings.py at cb9765441).
                                                  "bf16_states=on" if "automodel" in r["software"].lower() else "",
                                                  "production=on" if r["run_id"].startswith(PRODUCTION) else "")
                                     if s),
                   notes="; ".join(n for n in (r["notes"], FP8_ATTENTION_NOTE if fp8 else "") if n))
        if "torchtitan" in r["software"].lower() and r["recompute"] == "selective":
            # TorchTitan's per-op selective checkpointing saves every other matmul's output and the attention output and
            # recomputes the rest: less memory than Megatron's selective recomputation (which does not fit these runs) and
            # half of full recomputation's extra matmuls. The model has no per-op mode; full is the nearest that fits.
            row["recompute"] = "full"
            row["notes"] = "as published: per-op selective checkpointing, priced as full recomputation; " + row["notes"]
        if r["run_id"].startswith("dsv3report-"):
            # DeepSeek trained with ZeRO-1 (its report, §3.2) and fits 80 GB by recomputing RMSNorm and the latent up-projections,
            # caching activations in FP8 and keeping Adam's moments in BF16 (§3.3), which the memory model cannot express: with the
            # experts' states sharded over their own replicas, selective recomputation fits at no ZeRO stage, so the search picks
            # the least recomputation that fits ZeRO-1.
            row.update(zero="1", recompute="")
            row["notes"] = "as published: ZeRO-1; recomputation searched (the least that fits), standing in for the report's memory savings; " + row["notes"]
        family = next((k for k in LATENT if r["model"].lower().startswith(k)), None)
        if family:
            q, kv, head, rope, v = LATENT[family]
            row.update(q_lora_rank=str(q), kv_lora_rank=str(kv), head_dim=str(head), rope_head_dim=str(rope), v_head_dim=str(v))
            # Megatron-Bridge's DeepSeek-V3 rows count the multi-token-prediction layer's FLOPs ("w/ MTP" in 25.11; the same count
            # in 25.09 and 26.x); DeepSeek trained with one. "w/o MTP" rows and NeMo AutoModel's run without.
            model = r["model"].lower()
            mtp = family == "deepseek-v3" and "w/o mtp" not in model and "automodel" not in r["software"].lower()
            row["mtp_layers"] = "1" if mtp else "0"
        elif re.search(r"\bmla\b", notes):
            print(f"skip {r['run_id']}: latent attention of a model whose latent widths are not recorded", file=sys.stderr)
            continue
        if window:
            row.update(sliding_window=str(window[0]), sliding_layers=str(window[1]))
        head = re.search(r"head_dim[ =](\d+)", r["notes"])
        if head:
            row["head_dim"] = head.group(1)
        for c in ("tp", "pp", "cp", "vp", "ep"):
            if sw.startswith("fsdp") and not row[c] and c != "vp":
                row[c] = "1"
        if row["vp"] == "" and row["pp"] == "1":
            row["vp"] = "1"
        out.append(row)
    with open(dst, "w", newline="") as f:
        w = csv.DictWriter(f, COLS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"{len(out)} runs written", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:-1], sys.argv[-1])
