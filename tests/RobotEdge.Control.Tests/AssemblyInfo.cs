// The bus tests run real I/O threads and virtual devices on pseudo-terminals and count cycles; run
// them one class at a time so that they do not starve each other of the machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
