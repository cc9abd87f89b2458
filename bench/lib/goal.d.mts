export function goalLine(goal: string, figure: string, ratio: number): string;
