interface MonthPickerProps {
  month: string;
  onChange: (month: string) => void;
}

export function MonthPicker({ month, onChange }: MonthPickerProps) {
  return (
    <label className="inline">
      Month
      <input type="month" value={month} onChange={(event) => event.target.value && onChange(event.target.value)} />
    </label>
  );
}
