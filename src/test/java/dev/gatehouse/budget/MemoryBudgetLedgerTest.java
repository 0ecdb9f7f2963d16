package dev.gatehouse.budget;

class MemoryBudgetLedgerTest extends BudgetLedgerContract {

    @Override
    protected BudgetLedger newLedger() {
        return new MemoryBudgetLedger();
    }
}
