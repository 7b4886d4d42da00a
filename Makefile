# The index of the project: `make help` lists the targets.
SHELL := /bin/bash
ARCH ?= x86_64
DEBUG ?= 0
export DEBUG
# vm-run reads BIN, ARGS and BOOT from the environment, so make never
# re-quotes them.
export BIN ARGS BOOT RUNS

.PHONY: help tree export kernel selftests initramfs test vm-run check check-builds run bench soak clean

help: ## list the targets
	@awk -F':.*## ' '/^[a-z-]+:.*## / { printf "  %-10s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "  variables: ARCH=x86_64|arm64 (default x86_64), BOOT=vhe|nvhe|protected (arm64 vm-run, run; default vhe),"
	@echo "             DEBUG=1 (lockdep, DEBUG_VM, KASAN on x86_64)"

tree: ## extract the pinned base into build/linux and apply patches/ (FORCE=1 rebuilds)
	@scripts/tree.sh

export: ## rewrite patches/ from base..HEAD in build/linux
	@scripts/export.sh

kernel: tree ## build the kernel for ARCH into build/ARCH
	@scripts/kernel.sh $(ARCH)

selftests: kernel ## build the KVM selftests for ARCH, statically linked
	@scripts/selftests.sh $(ARCH)

initramfs: selftests ## pack busybox, init and the listed selftests for ARCH
	@scripts/check-lists.sh $(ARCH)
	@scripts/initramfs.sh $(ARCH)

test: ## build and run the suite on x86_64 and arm64 (ARCHES= to narrow)
	@scripts/test.sh

vm-run: initramfs ## boot the ARCH kernel and run BIN [ARGS="..."] inside; exits with its status
	@scripts/vm-run.sh $(ARCH)

run: ## the demo: boot ARCH and run vmm/ (a protected guest on one guest_memfd) [BOOT=protected ARGS="..."]
	@scripts/run.sh $(ARCH)

bench: ## the guest_memfd benchmark in the ARCH guest: ratios, build/bench/bench.csv [RUNS=5 ARGS="-s 12" BOOT=]
	@scripts/bench.sh $(ARCH)

soak: ## DEBUG kernels: guest_memfd soak and model runs on x86_64, arm64 VHE and protected [SECONDS=60 SEED= STEPS=100000 ARCH=]
	@SOAK_SECONDS=$(SECONDS) SOAK_ARCHES="$(if $(filter command line,$(origin ARCH)),$(ARCH),x86_64 arm64)" \
		scripts/soak.sh

check: ## checkpatch --strict over patches/ and git am onto a clean base
	@scripts/check.sh

check-builds: ## build each commit of build/linux (x86_64), the last also with KVM=m, for arm64 and with Debian's configs
	@scripts/check-builds.sh

clean: ## remove build/ except the kernel tree (and its unexported commits)
	@find build -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} +
