/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }],
    // Prisma's WebAssembly schema engine ships its JavaScript glue as an ES module.
    "schema_engine_bg\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs" }, diagnostics: false }],
  },
  transformIgnorePatterns: ["/node_modules/(?!@prisma/schema-engine-wasm/)"],
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/support/global-setup.ts",
};
