// Copyright (C) 2026 The CacheScope authors.
// The main() of every timing benchmark: register, then let Google Benchmark parse its flags and run.
#pragma once

#include <benchmark/benchmark.h>

namespace Bench {

inline int runBenchmarks(int argc, char **argv, void (*registerBenchmarks)())
{
    registerBenchmarks();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

} // namespace Bench
