/** The widget's version (kept equal to package.json's by the build). */
export const version = "0.1.0";
