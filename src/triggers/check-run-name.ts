/** The merge gate's check run, as a branch rule requires it and as its Re-run event names it. */
export const CHECK_RUN_NAME = "GLM Review";
