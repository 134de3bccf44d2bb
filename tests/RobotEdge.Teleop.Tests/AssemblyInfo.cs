// One real-time robot, one console and one browser are shared by all tests; they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
