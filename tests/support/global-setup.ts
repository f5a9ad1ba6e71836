/** Placeholder: replaced by the DynamoDB Local harness. */
export default function setup(): void {}
