// Each browser test class starts its own Chromium; on the 2-core CI machine two at once only
// slow each other down, so the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
