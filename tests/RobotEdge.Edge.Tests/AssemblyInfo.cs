// The integration tests run an edge server and several real-time robot loops on a 2-core machine;
// one class at a time, so that they do not starve each other (and share the generated model safely).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
