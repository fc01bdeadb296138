using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(RasterCmdlets.Micro.HotLoops).Assembly).Run(args);
