import { boundHeapGrowth } from "./bound-heap-growth.js";

// main's first import: the bound is set before any other module loads and allocates.
boundHeapGrowth();
